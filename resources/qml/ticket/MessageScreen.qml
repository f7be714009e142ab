import QtQuick
import QtQuick.Layouts
import "../common"

// Why no ticket: closed, cap reached, already has one (with reprint), hall away, printer down.
Item {
    id: root
    objectName: "messageScreen"
    readonly property var m: kiosk.message

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.pad
        spacing: Theme.gap * 1.5
        Item { Layout.fillHeight: true }
        Rectangle {
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: 150 * Theme.scale
            Layout.preferredHeight: 150 * Theme.scale
            radius: width / 2
            color: Theme.redLight
            border.color: Theme.red
            border.width: 6
            Text { anchors.centerIn: parent; text: "!"; color: Theme.red; font.pixelSize: parent.height * 0.6; font.bold: true }
        }
        Text {
            objectName: "messageTitle"
            Layout.fillWidth: true
            text: root.m.title
            color: Theme.text
            font.pixelSize: Theme.title
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
        }
        Text {
            objectName: "messageBody"
            Layout.fillWidth: true
            text: root.m.body
            color: Theme.text
            font.pixelSize: Theme.h2
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            lineHeight: 1.15
        }
        Text {
            objectName: "messageNumber"
            Layout.fillWidth: true
            visible: root.m.number !== ""
            text: root.m.number
            color: Theme.blueDark
            font.pixelSize: Theme.huge * 0.75
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
        }
        Item { Layout.fillHeight: true }
        KButton {
            objectName: "reprintButton"
            Layout.fillWidth: true
            visible: root.m.canReprint
            kind: "primary"
            text: qsTr("补打这张号票")
            onClicked: kiosk.reprintDuplicate()
        }
        KButton {
            objectName: "messageHome"
            Layout.fillWidth: true
            kind: root.m.canReprint ? "plain" : "primary"
            text: qsTr("返回首页")
            onClicked: kiosk.goHome()
        }
        Countdown { Layout.fillWidth: true }
    }
}
