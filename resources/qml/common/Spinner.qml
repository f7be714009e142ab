import QtQuick

// A busy indicator made of dots (no Controls style needed).
Item {
    id: root
    property color color: Theme.blue
    implicitWidth: 160
    implicitHeight: 160
    Repeater {
        model: 10
        Rectangle {
            required property int index
            width: root.width * 0.14
            height: width
            radius: width / 2
            color: root.color
            opacity: 0.15 + 0.85 * (index / 9)
            x: root.width / 2 - width / 2 + (root.width / 2 - width / 2) * Math.cos(2 * Math.PI * index / 10)
            y: root.height / 2 - height / 2 + (root.height / 2 - height / 2) * Math.sin(2 * Math.PI * index / 10)
        }
    }
    RotationAnimation on rotation {
        from: 0; to: 360; duration: 1200; loops: Animation.Infinite
        running: root.visible
    }
}
