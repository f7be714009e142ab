import QtQuick
import QtQuick.Layouts

// On-screen keypad: emits key("0".."9"), key("X"), key("back"). extraKey "" hides the X.
GridLayout {
    id: root
    property string extraKey: "X"
    property int keyHeight: Theme.touch
    signal key(string k)
    columns: 3
    rowSpacing: Theme.gap / 2
    columnSpacing: Theme.gap / 2
    Repeater {
        model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", root.extraKey, "0", "back"]
        KButton {
            required property string modelData
            objectName: "key_" + modelData
            Layout.fillWidth: true
            Layout.preferredHeight: root.keyHeight
            kind: "plain"
            fontSize: Theme.h1
            text: modelData === "back" ? "⌫" : modelData
            visible: modelData !== ""
            onClicked: root.key(modelData)
        }
    }
}
