import QtQuick
import QtQuick.Layouts
import "../common"

// Manual ID entry on an on-screen keypad (no card, or the reader is down).
Item {
    id: root
    objectName: "manualScreen"
    property bool landscape: false
    readonly property real colWidth: landscape ? (width - 2 * Theme.pad - 2 * Theme.gap) / 2 : width - 2 * Theme.pad

    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.pad
        columns: root.landscape ? 2 : 1
        columnSpacing: Theme.gap * 2
        rowSpacing: Theme.gap

        ColumnLayout {
            Layout.preferredWidth: root.colWidth
            Layout.maximumWidth: root.colWidth
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            spacing: Theme.gap
            Text {
                Layout.fillWidth: true
                text: qsTr("请输入身份证号码")
                color: Theme.text
                font.pixelSize: Theme.title
                font.bold: true
                wrapMode: Text.WordWrap
            }
            Text {
                Layout.fillWidth: true
                text: qsTr("18 位号码,最后一位可能是 X。出生日期部分不在屏幕上显示。")
                color: Theme.textMuted
                font.pixelSize: Theme.body
                wrapMode: Text.WordWrap
            }
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: Theme.touch + 20
                radius: Theme.radius
                color: Theme.card
                border.color: kiosk.manualError !== "" ? Theme.red : Theme.blue
                border.width: 3
                Text {
                    objectName: "manualField"
                    anchors.verticalCenter: parent.verticalCenter
                    x: 28
                    width: parent.width - 56
                    text: kiosk.manualText !== "" ? kiosk.manualText : qsTr("请输入")
                    color: kiosk.manualText !== "" ? Theme.text : Theme.disabledText
                    font.pixelSize: Theme.h1
                    font.family: "monospace"
                    font.letterSpacing: 2
                    elide: Text.ElideLeft
                }
            }
            Text {
                objectName: "manualCount"
                text: qsTr("已输入 %1 / 18 位").arg(kiosk.manualLength)
                color: Theme.textMuted
                font.pixelSize: Theme.small
            }
            Text {
                objectName: "manualError"
                Layout.fillWidth: true
                visible: text !== ""
                text: kiosk.manualError
                color: Theme.red
                font.pixelSize: Theme.body
                font.bold: true
                wrapMode: Text.WordWrap
            }
        }

        ColumnLayout {
            Layout.preferredWidth: root.colWidth
            Layout.maximumWidth: root.colWidth
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignBottom
            spacing: Theme.gap
            Keypad {
                objectName: "manualKeypad"
                Layout.fillWidth: true
                keyHeight: root.landscape ? Theme.touch * 0.9 : Theme.touch * 1.1
                onKey: (k) => kiosk.manualKey(k)
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.gap
                KButton {
                    objectName: "manualBack"
                    Layout.fillWidth: true
                    kind: "danger"
                    text: qsTr("返回首页")
                    onClicked: kiosk.goHome()
                }
                KButton {
                    objectName: "manualConfirm"
                    Layout.fillWidth: true
                    enabled: kiosk.canSubmitManual
                    text: qsTr("确认取号")
                    onClicked: kiosk.manualSubmit()
                }
            }
            Countdown { Layout.fillWidth: true }
        }
    }
}
