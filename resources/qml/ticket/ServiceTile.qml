import QtQuick
import QtQuick.Layouts
import "../common"

// One service on the home screen: name, queue, and why it cannot be taken now.
Rectangle {
    id: root
    property var service: ({})
    signal clicked()
    readonly property bool open: service.available === true

    implicitHeight: content.implicitHeight + 2 * 28
    radius: Theme.radius
    color: !enabled ? Theme.disabledBg : area.pressed ? Theme.blueLight : Theme.card
    border.width: Theme.elder ? 3 : 2
    border.color: enabled ? Theme.blue : Theme.border

    Rectangle {  // coloured edge: blue when it can be taken
        width: 12
        height: parent.height - 2 * root.radius
        anchors.verticalCenter: parent.verticalCenter
        color: root.enabled ? Theme.blue : Theme.disabledText
    }

    ColumnLayout {
        id: content
        x: 40
        width: parent.width - 64
        anchors.verticalCenter: parent.verticalCenter
        spacing: 8
        RowLayout {
            Layout.fillWidth: true
            spacing: 12
            Text {
                objectName: "serviceName"
                Layout.fillWidth: true
                text: root.service.name
                color: root.enabled ? Theme.blueDark : Theme.disabledText
                font.pixelSize: Theme.h2
                font.bold: true
                wrapMode: Text.WordWrap
            }
            Rectangle {
                visible: root.service.requiresId === true
                Layout.alignment: Qt.AlignTop
                implicitWidth: idTag.implicitWidth + 20
                implicitHeight: idTag.implicitHeight + 8
                radius: 8
                color: root.enabled ? Theme.redLight : Theme.border
                Text {
                    id: idTag
                    anchors.centerIn: parent
                    text: qsTr("需身份证")
                    color: root.enabled ? Theme.red : Theme.disabledText
                    font.pixelSize: Theme.small * 0.85
                    font.bold: true
                }
            }
        }
        Text {
            objectName: "serviceStatus"
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.small
            font.bold: !root.open
            color: root.open ? Theme.textMuted : root.service.capReached ? Theme.red : Theme.disabledText
            text: {
                var s = root.service
                if (s.capReached)
                    return qsTr("今日号已取完")
                if (s.notYet)
                    return qsTr("%1 开始取号").arg(s.opensAt) + "\n" + s.hours
                if (s.closed)
                    return qsTr("暂停取号 · 办理时间") + "\n" + s.hours
                if (s.waiting === 0)
                    return qsTr("无需等候")
                return qsTr("等候 %1 人 · 约 %2 分钟").arg(s.waiting).arg(s.waitMinutes)
            }
        }
    }
    MouseArea {
        id: area
        anchors.fill: parent
        enabled: root.enabled
        onClicked: root.clicked()
    }
}
