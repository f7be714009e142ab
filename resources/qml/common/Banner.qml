import QtQuick

// A full-width strip for states everyone must see (offline, printer problem).
Rectangle {
    id: root
    property string text: ""
    property string detail: ""
    property color tone: Theme.red
    implicitHeight: column.implicitHeight + 32
    color: tone
    Column {
        id: column
        anchors.verticalCenter: parent.verticalCenter
        x: Theme.pad
        width: parent.width - 2 * Theme.pad
        spacing: 4
        Text {
            width: parent.width
            text: root.text
            color: "white"
            font.pixelSize: Theme.h2
            font.bold: true
            wrapMode: Text.WordWrap
        }
        Text {
            width: parent.width
            visible: text !== ""
            text: root.detail
            color: "white"
            font.pixelSize: Theme.small
            wrapMode: Text.WordWrap
        }
    }
}
