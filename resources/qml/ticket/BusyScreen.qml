import QtQuick
import QtQuick.Layouts
import "../common"

// Talking to the hall or the printer. Never stays: every task behind it has a timeout.
Item {
    objectName: "busyScreen"
    ColumnLayout {
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.pad
        spacing: Theme.gap * 2
        Spinner {
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: 180
            Layout.preferredHeight: 180
        }
        Text {
            objectName: "busyText"
            Layout.fillWidth: true
            text: kiosk.busyText
            color: Theme.text
            font.pixelSize: Theme.title
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
        }
    }
}
