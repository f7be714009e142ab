import QtQuick
import QtQuick.Layouts
import "../common"

// Hall name (5 taps open admin), clock, elder mode and language toggles.
Rectangle {
    id: root
    implicitHeight: Math.max(row.implicitHeight + 40, Theme.touch + 40)
    color: Theme.blue
    Rectangle {  // the red rule under the header, as on the hall's signs
        anchors.bottom: parent.bottom
        width: parent.width; height: 8
        color: Theme.red
    }
    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: Theme.pad
        anchors.rightMargin: Theme.pad
        anchors.bottomMargin: 8
        spacing: Theme.gap

        Rectangle {  // emblem
            Layout.preferredWidth: 84 * Theme.scale
            Layout.preferredHeight: 84 * Theme.scale
            radius: width / 2
            color: Theme.red
            border.color: Theme.gold
            border.width: 4
            Text {
                anchors.centerIn: parent
                text: "办"
                color: Theme.gold
                font.pixelSize: parent.height * 0.5
                font.bold: true
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            Text {
                objectName: "hallName"
                Layout.fillWidth: true
                text: kiosk.hallName !== "" ? kiosk.hallName : qsTr("政务服务大厅")
                color: "white"
                font.pixelSize: Theme.h1
                font.bold: true
                fontSizeMode: Text.HorizontalFit  // long hall names shrink before they elide
                minimumPixelSize: 26
                elide: Text.ElideRight
                MouseArea {
                    anchors.fill: parent
                    onClicked: kiosk.hallNameTapped()
                }
            }
            Text {
                id: clock
                objectName: "clock"
                text: kiosk.clock
                color: "#dbe7ff"
                font.pixelSize: Theme.small
                Timer { interval: 15000; running: true; repeat: true; onTriggered: kiosk.tickClock() }
            }
        }
        KButton {
            objectName: "elderButton"
            Layout.preferredWidth: implicitWidth
            kind: "plain"
            checked: kiosk.elder
            fontSize: Theme.body
            text: kiosk.elder ? qsTr("标准模式") : qsTr("长辈模式")
            subText: kiosk.elder ? qsTr("字体复原") : qsTr("大字 · 语音")
            onClicked: kiosk.toggleElder()
        }
        KButton {
            objectName: "languageButton"
            Layout.preferredWidth: implicitWidth
            kind: "plain"
            fontSize: Theme.body
            // each language named in itself, so never translated
            text: kiosk.english ? "中文" : "English"
            subText: kiosk.english ? "语言" : "Language"
            onClicked: kiosk.toggleLanguage()
        }
    }
}
