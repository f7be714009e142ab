import QtQuick

// A large touch button. kind: "primary" (blue), "danger" (red), "plain" (white), "ghost".
Rectangle {
    id: root
    property string text: ""
    property string subText: ""
    property string kind: "primary"
    property bool checked: false
    property int fontSize: Theme.h2
    property int subFontSize: Theme.small
    // A fill colour of its own for a "primary"-like button (e.g. the counter's green 办结).
    property color tone: "transparent"
    signal clicked()

    implicitHeight: Math.max(Theme.touch, label.implicitHeight + sub.implicitHeight + 36)
    implicitWidth: Math.max(label.implicitWidth, sub.implicitWidth) + 80
    radius: Theme.radius
    opacity: enabled ? 1.0 : 0.55
    color: {
        var c = tone.a > 0 ? tone : kind === "danger" ? Theme.red : kind === "primary" ? Theme.blue
              : checked ? Theme.blueLight : Theme.card
        return area.pressed ? Qt.darker(c, kind === "plain" || kind === "ghost" ? 1.08 : 1.25) : c
    }
    border.width: kind === "plain" || kind === "ghost" ? (Theme.elder ? 3 : 2) : 0
    border.color: checked ? Theme.blue : Theme.border
    Accessible.role: Accessible.Button
    Accessible.name: text

    Column {
        anchors.centerIn: parent
        width: parent.width - 32
        spacing: 4
        Text {
            id: label
            width: parent.width
            text: root.text
            font.pixelSize: root.fontSize
            font.bold: true
            color: root.kind === "danger" || root.kind === "primary" ? "white" : Theme.blue
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
        }
        Text {
            id: sub
            width: parent.width
            visible: text !== ""
            text: root.subText
            font.pixelSize: root.subFontSize
            color: root.kind === "danger" || root.kind === "primary" ? "#eaf1ff" : Theme.textMuted
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
        }
    }
    MouseArea {
        id: area
        anchors.fill: parent
        enabled: root.enabled
        onClicked: root.clicked()
    }
}
