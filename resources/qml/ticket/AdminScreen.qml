import QtQuick
import QtQuick.Layouts
import "../common"

// Staff only: device status, reprint the last ticket, paper replaced, language, exit.
Item {
    id: root
    objectName: "adminScreen"
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
            Text { text: qsTr("设备维护"); color: Theme.text; font.pixelSize: Theme.title; font.bold: true }
            Repeater {
                model: kiosk.adminDevices
                Rectangle {
                    required property var modelData
                    required property int index
                    objectName: "device_" + index
                    Layout.fillWidth: true
                    implicitHeight: devRow.implicitHeight + 30
                    radius: Theme.radius
                    color: Theme.card
                    border.color: modelData.ok ? Theme.green : Theme.red
                    border.width: 3
                    RowLayout {
                        id: devRow
                        anchors.verticalCenter: parent.verticalCenter
                        x: 24; width: parent.width - 48
                        spacing: Theme.gap
                        Rectangle { Layout.preferredWidth: 28; Layout.preferredHeight: 28; radius: 14; color: modelData.ok ? Theme.green : Theme.red }
                        Text { text: modelData.name; color: Theme.text; font.pixelSize: Theme.h2; font.bold: true }
                        Text { objectName: "deviceDetail"; Layout.fillWidth: true; text: modelData.detail; color: modelData.ok ? Theme.green : Theme.red; font.pixelSize: Theme.body; wrapMode: Text.WordWrap; horizontalAlignment: Text.AlignRight }
                    }
                }
            }
            Text {
                objectName: "adminLast"
                text: kiosk.lastTicket !== "" ? qsTr("上一张号票:%1").arg(kiosk.lastTicket) : qsTr("本次开机尚未出票")
                color: Theme.textMuted
                font.pixelSize: Theme.body
            }
            Text {
                objectName: "adminNote"
                Layout.fillWidth: true
                visible: text !== ""
                text: kiosk.adminNote
                color: Theme.blueDark
                font.pixelSize: Theme.h2
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
            GridLayout {  // two columns in landscape so every action fits above the footer
                Layout.fillWidth: true
                columns: root.landscape ? 2 : 1
                rowSpacing: Theme.gap
                columnSpacing: Theme.gap
                KButton { objectName: "adminReprint"; Layout.fillWidth: true; Layout.preferredWidth: 1; text: qsTr("补打上一张号票"); onClicked: kiosk.adminReprintLast() }
                KButton { objectName: "adminPaper"; Layout.fillWidth: true; Layout.preferredWidth: 1; text: qsTr("已更换纸卷,检查打印机"); onClicked: kiosk.adminPaperReplaced() }
                KButton { objectName: "adminLanguage"; Layout.fillWidth: true; Layout.preferredWidth: 1; kind: "plain"; text: kiosk.english ? "中文" : "English"; onClicked: kiosk.toggleLanguage() }
                KButton { objectName: "adminClose"; Layout.fillWidth: true; Layout.preferredWidth: 1; kind: "plain"; text: qsTr("返回首页"); onClicked: kiosk.goHome() }
                KButton { objectName: "adminExit"; Layout.fillWidth: true; Layout.preferredWidth: 1; Layout.columnSpan: root.landscape ? 2 : 1; kind: "danger"; text: qsTr("退出取号程序"); onClicked: kiosk.adminExit() }
            }
            Countdown { Layout.fillWidth: true }
        }
    }
}
