import QtQuick
import "../common"

Text {
    objectName: "countdown"
    visible: kiosk.secondsLeft > 0
    text: qsTr("%1 秒后返回首页").arg(kiosk.secondsLeft)
    color: Theme.textMuted
    font.pixelSize: Theme.small
    horizontalAlignment: Text.AlignHCenter
}
