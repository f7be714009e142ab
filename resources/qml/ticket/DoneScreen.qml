import QtQuick
import QtQuick.Layouts
import "../common"

// The ticket: number, people ahead, estimated wait. Shown even when printing failed, so the
// citizen always has the number the hall issued.
Item {
    id: root
    objectName: "doneScreen"
    property bool landscape: false
    readonly property real colWidth: landscape ? (width - 2 * Theme.pad - 2 * Theme.gap) / 2 : width - 2 * Theme.pad
    readonly property var t: kiosk.ticket

    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.pad
        columns: root.landscape ? 2 : 1
        columnSpacing: Theme.gap * 2
        rowSpacing: Theme.gap

        Rectangle {  // the ticket card
            Layout.preferredWidth: root.colWidth
            Layout.maximumWidth: root.colWidth
            Layout.fillWidth: true
            Layout.fillHeight: root.landscape
            implicitHeight: ticketCol.implicitHeight + 60
            radius: Theme.radius
            color: Theme.card
            border.color: Theme.blue
            border.width: 3
            Rectangle {
                width: parent.width; height: 14; radius: Theme.radius
                color: root.t.green ? Theme.green : Theme.red
            }
            ColumnLayout {
                id: ticketCol
                anchors.centerIn: parent
                width: parent.width - 60
                spacing: Theme.gap / 2
                Text {
                    objectName: "doneTitle"
                    Layout.fillWidth: true
                    text: root.t.reprint ? qsTr("已为您补打号票") : qsTr("取号成功")
                    color: Theme.green
                    font.pixelSize: Theme.h1
                    font.bold: true
                    horizontalAlignment: Text.AlignHCenter
                }
                Text {
                    objectName: "doneService"
                    Layout.fillWidth: true
                    text: root.t.service
                    color: Theme.textMuted
                    font.pixelSize: Theme.h2
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.WordWrap
                }
                Text {
                    objectName: "doneNumber"
                    Layout.fillWidth: true
                    text: root.t.number
                    color: Theme.blueDark
                    font.pixelSize: Theme.huge
                    font.bold: true
                    horizontalAlignment: Text.AlignHCenter
                    fontSizeMode: Text.HorizontalFit
                    minimumPixelSize: 80
                }
                Rectangle {
                    objectName: "greenBadge"
                    visible: root.t.green
                    Layout.alignment: Qt.AlignHCenter
                    implicitWidth: greenText.implicitWidth + 40
                    implicitHeight: greenText.implicitHeight + 16
                    radius: height / 2
                    color: Theme.green
                    Text { id: greenText; anchors.centerIn: parent; text: qsTr("绿色通道 · 优先叫号"); color: "white"; font.pixelSize: Theme.body; font.bold: true }
                }
                Text {
                    objectName: "doneHolder"
                    Layout.fillWidth: true
                    visible: root.t.holder !== ""
                    text: qsTr("取号人:%1").arg(root.t.holder)
                    color: Theme.textMuted
                    font.pixelSize: Theme.body
                    horizontalAlignment: Text.AlignHCenter
                }
                RowLayout {
                    Layout.fillWidth: true
                    Layout.topMargin: Theme.gap / 2
                    spacing: Theme.gap
                    Repeater {
                        model: [
                            { name: "doneAhead", label: qsTr("前面等候"), value: qsTr("%1 人").arg(root.t.ahead) },
                            { name: "doneWait", label: qsTr("预计等候"),
                              value: root.t.waitMinutes <= 1 ? qsTr("不到 1 分钟") : qsTr("约 %1 分钟").arg(root.t.waitMinutes) }
                        ]
                        Rectangle {
                            required property var modelData
                            Layout.fillWidth: true
                            implicitHeight: statCol.implicitHeight + 28
                            radius: 12
                            color: Theme.blueLight
                            Column {
                                id: statCol
                                anchors.centerIn: parent
                                spacing: 4
                                Text { text: modelData.label; color: Theme.textMuted; font.pixelSize: Theme.small; anchors.horizontalCenter: parent.horizontalCenter }
                                Text { objectName: modelData.name; text: modelData.value; color: Theme.blueDark; font.pixelSize: Theme.h1; font.bold: true; anchors.horizontalCenter: parent.horizontalCenter }
                            }
                        }
                    }
                }
            }
        }

        ColumnLayout {
            Layout.preferredWidth: root.colWidth
            Layout.maximumWidth: root.colWidth
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.gap
            Rectangle {  // printing problem: the number above is still valid
                objectName: "printProblemBox"
                Layout.fillWidth: true
                visible: root.t.problem !== ""
                implicitHeight: probCol.implicitHeight + 36
                radius: Theme.radius
                color: Theme.redLight
                border.color: Theme.red
                border.width: 3
                Column {
                    id: probCol
                    anchors.centerIn: parent
                    width: parent.width - 40
                    spacing: 6
                    Text { objectName: "printProblem"; width: parent.width; text: root.t.problem; color: Theme.red; font.pixelSize: Theme.h2; font.bold: true; wrapMode: Text.WordWrap }
                    Text { width: parent.width; text: qsTr("号票未能打印。您的号码已登记,请记住上面的号码,或到服务台补打号票。"); color: Theme.text; font.pixelSize: Theme.body; wrapMode: Text.WordWrap }
                }
            }
            Text {
                objectName: "doneNote"
                Layout.fillWidth: true
                visible: root.t.note !== ""
                text: root.t.note
                color: root.t.green ? Theme.green : Theme.amber
                font.pixelSize: Theme.body
                font.bold: true
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
            }
            Text {
                objectName: "doneHint"
                Layout.fillWidth: true
                visible: root.t.printed
                text: qsTr("请取走号票,留意叫号屏幕和语音广播")
                color: Theme.text
                font.pixelSize: Theme.h2
                font.bold: true
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
            }
            Item { Layout.fillHeight: true }
            KButton {
                objectName: "doneButton"
                Layout.fillWidth: true
                text: qsTr("完成")
                onClicked: kiosk.goHome()
            }
            Countdown { Layout.fillWidth: true }
        }
    }
}
