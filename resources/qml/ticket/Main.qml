import QtQuick
import QtQuick.Window
import QtQuick.Layouts
import "../common"

// Ticket kiosk (取号机). `kiosk` is the Python KioskBackend; one screen at a time by kiosk.screenIndex.
Window {
    id: win
    objectName: "ticketWindow"
    width: 1080
    height: 1920
    visible: true
    title: qsTr("马上办 取号机")
    color: Theme.bg
    visibility: kiosk.fullscreen ? Window.FullScreen : Window.Windowed
    flags: kiosk.fullscreen ? (Qt.Window | Qt.FramelessWindowHint | Qt.WindowStaysOnTopHint) : Qt.Window
    readonly property bool landscape: width > height

    // Locked down: the window cannot be closed; the admin screen's exit quits the app.
    onClosing: (close) => { close.accepted = false }

    Binding { target: Theme; property: "elder"; value: kiosk.elder }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Header {
            Layout.fillWidth: true
        }

        Banner {
            objectName: "offlineBanner"
            Layout.fillWidth: true
            visible: kiosk.isOffline
            text: qsTr("暂停取号 · 与大厅服务器的连接已中断")
            detail: qsTr("正在自动重新连接,恢复后即可取号。急需办理请到服务台。")
        }
        Banner {
            objectName: "printerBanner"
            Layout.fillWidth: true
            visible: kiosk.printerProblem !== "" && !kiosk.isOffline
            tone: Theme.amber
            text: kiosk.printerProblem
            detail: qsTr("已通知工作人员处理。")
        }

        StackLayout {
            id: stack
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: kiosk.screenIndex  // the children are in the backend's Screen order
            HomeScreen { landscape: win.landscape }
            CardScreen { landscape: win.landscape }
            ManualIdScreen { landscape: win.landscape }
            BusyScreen {}
            DoneScreen { landscape: win.landscape }
            MessageScreen {}
            AdminPinScreen { landscape: win.landscape }
            AdminScreen { landscape: win.landscape }
        }

        Rectangle {
            objectName: "footer"
            Layout.fillWidth: true
            Layout.preferredHeight: footerText.implicitHeight + 28
            color: Theme.blueDark
            Text {
                id: footerText
                anchors.verticalCenter: parent.verticalCenter
                x: Theme.pad
                width: parent.width - 2 * Theme.pad
                text: kiosk.notice
                color: "white"
                font.pixelSize: Theme.small
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
            }
        }
    }

    // Hidden admin gesture #2: hold the top-left corner for 3 seconds.
    MouseArea {
        objectName: "adminCorner"
        x: 0; y: 0; width: 90; height: 90
        pressAndHoldInterval: 3000
        onPressAndHold: kiosk.openAdmin()
    }
}
