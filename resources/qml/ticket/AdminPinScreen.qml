import QtQuick
import QtQuick.Layouts
import "../common"

Item {
    id: root
    objectName: "adminPinScreen"
    property bool landscape: false
    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.pad, 760)
        spacing: Theme.gap
        Text {
            Layout.fillWidth: true
            text: qsTr("管理员登录")
            color: Theme.text
            font.pixelSize: Theme.title
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
        }
        Text {
            objectName: "pinDots"
            Layout.fillWidth: true
            text: kiosk.adminPinLength > 0 ? "●".repeat(kiosk.adminPinLength) : qsTr("请输入管理密码")
            color: kiosk.adminPinLength > 0 ? Theme.text : Theme.disabledText
            font.pixelSize: Theme.h1
            horizontalAlignment: Text.AlignHCenter
        }
        Text {
            objectName: "pinError"
            Layout.fillWidth: true
            visible: text !== ""
            text: kiosk.adminPinError
            color: Theme.red
            font.pixelSize: Theme.body
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
        }
        Keypad {
            objectName: "pinKeypad"
            Layout.fillWidth: true
            extraKey: ""
            keyHeight: root.landscape ? Theme.touch * 0.8 : Theme.touch
            onKey: (k) => kiosk.adminPinKey(k)
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            KButton { objectName: "pinCancel"; Layout.fillWidth: true; kind: "danger"; text: qsTr("返回"); onClicked: kiosk.goHome() }
            KButton { objectName: "pinOk"; Layout.fillWidth: true; text: qsTr("确定"); onClicked: kiosk.adminPinSubmit() }
        }
    }
}
