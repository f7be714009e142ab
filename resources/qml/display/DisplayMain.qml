// Hall display (LED wall / TV), designed at 1920x1080 and scaled to the screen; read from 10 m.
import QtQuick
import QtQuick.Window
import "../common"

Window {
    id: win
    width: 1920
    height: 1080
    visible: true
    visibility: fullscreen ? Window.FullScreen : Window.Windowed
    title: qsTr("马上办 · 大厅显示屏")
    color: Theme.wallBg

    property bool fullscreen: false
    readonly property bool en: backend.english
    readonly property color gold: Theme.wallGold
    readonly property color pale: Theme.wallText
    readonly property color dim: Theme.wallDim

    Item {
        id: stage
        width: 1920
        height: 1080
        anchors.centerIn: parent
        scale: Math.min(win.width / 1920, win.height / 1080)

        // -- header --------------------------------------------------------------------------------
        Rectangle {
            id: header
            width: parent.width
            height: 110
            color: Theme.wallHeader
            Text {
                anchors { left: parent.left; leftMargin: 40; verticalCenter: parent.verticalCenter }
                text: backend.hallName
                color: Theme.onColor; font.pixelSize: 60; font.bold: true
            }
            Row {
                anchors { right: parent.right; rightMargin: 40; verticalCenter: parent.verticalCenter }
                spacing: 30
                Rectangle {
                    objectName: "linkWarning"
                    visible: !backend.online
                    width: linkText.implicitWidth + 40
                    height: 64
                    radius: 8
                    color: Theme.wallAlert
                    anchors.verticalCenter: parent.verticalCenter
                    Text { id: linkText; anchors.centerIn: parent; color: Theme.onColor; font.pixelSize: 36; font.bold: true; text: qsTr("正在重新连接…") }
                }
                Text { objectName: "clock"; text: backend.clock; color: Theme.onColor; font.pixelSize: 64; font.bold: true }
            }
        }

        // -- the newest call, big -------------------------------------------------------------------------
        Rectangle {
            id: latest
            objectName: "latestCall"
            x: 30; y: 130
            width: 1120; height: 210
            radius: 16
            color: backend.calls.length > 0 ? Theme.wallPanelHi : Theme.wallPanel
            border.color: gold
            border.width: backend.calls.length > 0 ? 5 : 0
            property string key: backend.calls.length > 0 ? backend.calls[0].number + "@" + backend.calls[0].window : ""
            onKeyChanged: if (key !== "") flash.restart()
            SequentialAnimation on border.width {
                id: flash
                running: false
                loops: 3
                NumberAnimation { from: 5; to: 14; duration: 250 }
                NumberAnimation { from: 14; to: 5; duration: 250 }
            }
            Text {
                objectName: "latestText"
                anchors.centerIn: parent
                width: parent.width - 60
                height: parent.height - 30
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
                fontSizeMode: Text.HorizontalFit
                minimumPixelSize: 60
                font.pixelSize: 110
                font.bold: true
                color: gold
                text: backend.calls.length > 0
                      ? (backend.calls[0].recall ? qsTr("再次呼叫 %1 号 到 %2 号窗口") : qsTr("请 %1 号 到 %2 号窗口"))
                            .arg(backend.calls[0].number).arg(backend.calls[0].window)
                      : qsTr("欢迎光临,请留意叫号")
            }
        }

        // -- recent calls ---------------------------------------------------------------------------------------
        Grid {
            objectName: "recentCalls"
            x: 30; y: 358
            columns: 2
            columnSpacing: 20
            rowSpacing: 14
            Repeater {
                model: backend.calls.slice(1)
                delegate: Rectangle {
                    required property var modelData
                    width: 550; height: 70
                    radius: 10
                    color: Theme.wallPanel
                    Text {
                        anchors { left: parent.left; leftMargin: 24; verticalCenter: parent.verticalCenter }
                        text: modelData.number
                        color: pale; font.pixelSize: 52; font.bold: true
                    }
                    Text {
                        anchors { right: parent.right; rightMargin: 24; verticalCenter: parent.verticalCenter }
                        text: qsTr("%1 号窗口").arg(modelData.window)
                        color: pale; font.pixelSize: 48
                    }
                }
            }
        }

        // -- waiting per service ------------------------------------------------------------------------------
        Rectangle {
            x: 1170; y: 130
            width: 720; height: 552
            radius: 16
            color: Theme.wallPanel
            Text {
                id: queueTitle
                x: 28; y: 16
                text: qsTr("等候人数")
                color: gold; font.pixelSize: 46; font.bold: true
            }
            Column {
                objectName: "queueList"
                x: 28; y: 86
                width: parent.width - 56
                spacing: 6
                Repeater {
                    model: backend.queue.slice(0, 8)
                    delegate: Item {
                        required property var modelData
                        width: parent.width
                        height: 54
                        Text {
                            width: 360
                            elide: Text.ElideRight
                            text: win.en ? modelData.name_en : modelData.name
                            color: pale; font.pixelSize: 40
                        }
                        Text {
                            x: 370; width: 120
                            horizontalAlignment: Text.AlignRight
                            text: qsTr("%1人").arg(modelData.waiting)
                            color: Theme.onColor; font.pixelSize: 40; font.bold: true
                        }
                        Text {
                            x: 500; width: 164
                            horizontalAlignment: Text.AlignRight
                            text: modelData.waiting > 0 ? qsTr("约%1分").arg(modelData.minutes) : qsTr("随到随办")
                            color: dim; font.pixelSize: 36
                        }
                    }
                }
            }
            Text {
                visible: backend.queue.length === 0
                anchors.centerIn: parent
                text: qsTr("暂无等候")
                color: dim; font.pixelSize: 44
            }
        }

        // -- the live satisfaction board -----------------------------------------------------------------------
        Rectangle {
            id: boardPane
            x: 30; y: 700
            width: 1860; height: 324
            radius: 16
            color: Theme.wallPanel
            Row {
                x: 28; y: 10
                spacing: 40
                Text { text: qsTr("办事满意度现场直播"); color: gold; font.pixelSize: 40; font.bold: true }
                Text {
                    objectName: "boardTotals"
                    anchors.baseline: parent.children[0].baseline
                    text: qsTr("今日评价 %1 次 · 满意率 %2").arg(backend.totalRatings).arg(backend.totalRate)
                    color: Theme.onColor; font.pixelSize: 34
                }
                Text {
                    anchors.baseline: parent.children[0].baseline
                    visible: backend.boardPage !== ""
                    text: backend.boardPage
                    color: dim; font.pixelSize: 28
                }
            }
            // column headings
            Row {
                id: heads
                x: 28; y: 64
                Repeater {
                    // the five level names come from the core's ratings, through the backend
                    model: [[qsTr("窗口"), 150], [qsTr("工作人员"), 260], [qsTr("评价"), 130], [qsTr("满意率"), 180]]
                           .concat(backend.levelLabels.map((label, i) => [label, i === 4 ? 220 : 210]))
                    delegate: Text {
                        required property var modelData
                        width: modelData[1]
                        rightPadding: 12  // a gap before the next heading, also for the longer English words
                        fontSizeMode: Text.HorizontalFit
                        minimumPixelSize: 18
                        text: modelData[0]
                        color: dim; font.pixelSize: 26
                    }
                }
            }
            Flow {
                objectName: "board"
                x: 28; y: 100
                width: parent.width - 56
                height: parent.height - 104
                flow: Flow.TopToBottom
                clip: true
                Repeater {
                    model: backend.board
                    delegate: Row {
                        id: boardRow
                        required property var modelData
                        objectName: "board_" + modelData.window
                        height: 44
                        Text { width: 150; text: qsTr("%1号").arg(boardRow.modelData.window); color: Theme.onColor; font.pixelSize: 36; font.bold: true }
                        Text { width: 260; elide: Text.ElideRight; text: boardRow.modelData.staff ? boardRow.modelData.staff + " " + boardRow.modelData.staff_number : "—"; color: pale; font.pixelSize: 36 }
                        Text { objectName: "ratings"; width: 130; text: boardRow.modelData.ratings; color: Theme.onColor; font.pixelSize: 36 }
                        Text { objectName: "rate"; width: 180; text: boardRow.modelData.rate; color: gold; font.pixelSize: 36; font.bold: true }
                        Repeater {
                            model: 5
                            delegate: Item {
                                required property int index
                                width: index === 4 ? 220 : 210
                                height: 44
                                Rectangle {
                                    anchors.verticalCenter: parent.verticalCenter
                                    height: 22
                                    radius: 4
                                    width: boardRow.modelData.dist[index] > 0 ? Math.max(6, 130 * boardRow.modelData.dist[index] / boardRow.modelData.ratings) : 0
                                    color: Theme.wallLevelColors[index]
                                }
                                Text {
                                    x: 140
                                    anchors.verticalCenter: parent.verticalCenter
                                    text: boardRow.modelData.dist[index]
                                    color: Theme.onColor; font.pixelSize: 28
                                }
                            }
                        }
                    }
                }
            }
            Text {
                visible: backend.board.length === 0
                anchors.centerIn: parent
                text: qsTr("今日暂无评价")
                color: dim; font.pixelSize: 40
            }
        }

        // -- notice ----------------------------------------------------------------------------------------------
        Text {
            x: 40; y: 1032
            width: 1840
            elide: Text.ElideRight
            text: backend.notice
            color: dim; font.pixelSize: 34
        }
    }
}
