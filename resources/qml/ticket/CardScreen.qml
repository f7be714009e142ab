import QtQuick
import QtQuick.Layouts
import "../common"

// Swipe the ID card (or type the number). Reading starts as soon as this screen shows.
Item {
    id: root
    objectName: "cardScreen"
    property bool landscape: false
    readonly property real colWidth: landscape ? (width - 2 * Theme.pad - 2 * Theme.gap) / 2 : width - 2 * Theme.pad

    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.pad
        columns: root.landscape ? 2 : 1
        columnSpacing: Theme.gap * 2
        rowSpacing: Theme.gap

        ColumnLayout {
            Layout.preferredWidth: root.colWidth
            Layout.maximumWidth: root.colWidth
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.gap
            Text {
                objectName: "cardService"
                Layout.fillWidth: true
                text: kiosk.cardService
                color: Theme.blue
                font.pixelSize: Theme.h2
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
            }
            Text {
                objectName: "cardTitle"
                Layout.fillWidth: true
                text: qsTr("请将身份证放在读卡区")
                color: Theme.text
                font.pixelSize: Theme.title
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
            }
            Text {
                Layout.fillWidth: true
                text: kiosk.cardOptional ? qsTr("刷身份证核验年龄后,%1 岁以上老人走绿色通道优先叫号").arg(kiosk.greenAge)
                                         : qsTr("办理该业务需要核验身份证")
                color: Theme.textMuted
                font.pixelSize: Theme.body
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
            }
            // The reader, drawn: a card lowering onto the reader's pad.
            Item {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumHeight: 320
                Rectangle {
                    id: pad
                    width: Math.min(parent.width * 0.8, 720)
                    height: 90
                    radius: 20
                    anchors.horizontalCenter: parent.horizontalCenter
                    anchors.bottom: parent.bottom
                    anchors.bottomMargin: 30
                    color: "#3a4653"
                    Text {
                        anchors.centerIn: parent
                        text: qsTr("读卡区")
                        color: "white"
                        font.pixelSize: Theme.body
                    }
                }
                Rectangle {
                    id: idCard
                    width: pad.width * 0.62
                    height: width * 0.63
                    radius: 16
                    anchors.horizontalCenter: parent.horizontalCenter
                    color: "#dcebf7"
                    border.color: Theme.blue
                    border.width: 4
                    y: 0
                    Rectangle { x: parent.width * 0.08; y: parent.height * 0.2; width: parent.width * 0.28; height: parent.height * 0.55; radius: 8; color: "#b6cbe0" }
                    Column {
                        x: parent.width * 0.44; y: parent.height * 0.22; spacing: parent.height * 0.09
                        Repeater { model: 4; Rectangle { width: idCard.width * 0.46; height: idCard.height * 0.07; radius: 4; color: "#8fa9c4" } }
                    }
                    SequentialAnimation on y {
                        running: root.visible
                        loops: Animation.Infinite
                        NumberAnimation { from: 0; to: pad.y - idCard.height * 0.55; duration: 1200; easing.type: Easing.InOutQuad }
                        PauseAnimation { duration: 700 }
                        NumberAnimation { to: 0; duration: 500 }
                    }
                }
            }
        }

        ColumnLayout {
            Layout.preferredWidth: root.colWidth
            Layout.maximumWidth: root.colWidth
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignBottom
            spacing: Theme.gap
            Rectangle {
                objectName: "cardHintBox"
                Layout.fillWidth: true
                visible: kiosk.cardHint !== ""
                implicitHeight: hint.implicitHeight + 32
                radius: Theme.radius
                color: Theme.amberLight
                border.color: Theme.amber
                border.width: 2
                Text {
                    id: hint
                    objectName: "cardHint"
                    anchors.centerIn: parent
                    width: parent.width - 40
                    text: kiosk.cardHint
                    color: Theme.amber
                    font.pixelSize: Theme.body
                    font.bold: true
                    wrapMode: Text.WordWrap
                    horizontalAlignment: Text.AlignHCenter
                }
            }
            KButton {
                objectName: "manualButton"
                Layout.fillWidth: true
                kind: "plain"
                text: qsTr("没带身份证?手动输入身份证号")
                onClicked: kiosk.useManualEntry()
            }
            KButton {
                objectName: "skipCardButton"
                Layout.fillWidth: true
                visible: kiosk.cardOptional
                kind: "plain"
                text: qsTr("不刷卡,取普通号")
                onClicked: kiosk.skipCard()
            }
            KButton {
                objectName: "backButton"
                Layout.fillWidth: true
                kind: "danger"
                text: qsTr("返回首页")
                onClicked: kiosk.goHome()
            }
            Countdown { Layout.fillWidth: true }
        }
    }
}
