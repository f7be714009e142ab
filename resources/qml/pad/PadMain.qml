// On-screen rating pad (评价器) for a tablet or touch monitor at one window.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../common"

ApplicationWindow {
    id: win
    width: 1280
    height: 800
    visible: true
    title: qsTr("马上办 · %1号窗口评价器").arg(backend.windowNumber)
    color: Theme.bg

    readonly property color navy: Theme.blue
    readonly property bool en: backend.english
    property var chosenReasons: []

    Connections {
        target: backend
        function onScreenChanged() { if (backend.screenReasons) win.chosenReasons = [] }
    }

    // -- header: window, staff (masked name) and number --------------------------------------------
    Rectangle {
        id: header
        anchors { left: parent.left; right: parent.right; top: parent.top }
        height: 120
        color: navy
        RowLayout {
            anchors { fill: parent; leftMargin: 32; rightMargin: 32 }
            spacing: 30
            Text {
                text: qsTr("%1号窗口").arg(backend.windowNumber)
                color: Theme.onColor; font.pixelSize: 48; font.bold: true
            }
            Text {
                objectName: "staffLine"
                Layout.fillWidth: true
                text: backend.staffName ? qsTr("工作人员 %1   工号 %2").arg(backend.staffName).arg(backend.staffNumber)
                                        : qsTr("本窗口暂无工作人员签到")
                color: Theme.onColor; font.pixelSize: 32
                elide: Text.ElideRight
            }
            Rectangle {
                visible: !backend.online
                radius: 8
                color: Theme.red
                Layout.preferredWidth: offlineText.implicitWidth + 28
                Layout.preferredHeight: 48
                Text { id: offlineText; anchors.centerIn: parent; color: Theme.onColor; font.pixelSize: 22; text: qsTr("正在连接大厅…") }
            }
        }
    }

    // -- idle -------------------------------------------------------------------------------------------
    Column {
        objectName: "idleScreen"
        visible: backend.screenIdle
        anchors.centerIn: parent
        anchors.verticalCenterOffset: 60
        spacing: 30
        Text { anchors.horizontalCenter: parent.horizontalCenter; text: qsTr("欢迎光临"); font.pixelSize: 96; font.bold: true; color: navy }
        Text { anchors.horizontalCenter: parent.horizontalCenter; text: qsTr("办理结束后,请对我们的服务作出评价"); font.pixelSize: 40; color: Theme.text }
    }

    // -- rate: five big buttons ----------------------------------------------------------------------------
    ColumnLayout {
        objectName: "rateScreen"
        visible: backend.screenRate
        anchors { left: parent.left; right: parent.right; top: header.bottom; bottom: footer.top; margins: 32 }
        spacing: 24
        Text {
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("请为本次服务评价(%1)").arg(backend.ticketNumber)
            font.pixelSize: 44; font.bold: true; color: Theme.text
        }
        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 18
            Repeater {
                model: backend.levels
                delegate: Button {
                    id: lb
                    required property var modelData
                    objectName: "level" + modelData.level
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    onClicked: backend.rate(modelData.level)
                    contentItem: Item {
                      Column {
                        spacing: 18
                        anchors.centerIn: parent
                        Text {
                            anchors.horizontalCenter: parent.horizontalCenter
                            text: "★".repeat(lb.modelData.stars)
                            color: Theme.gold; font.pixelSize: 34
                        }
                        Text {
                            anchors.horizontalCenter: parent.horizontalCenter
                            width: lb.width - 16
                            horizontalAlignment: Text.AlignHCenter
                            wrapMode: win.en ? Text.WordWrap : Text.NoWrap
                            fontSizeMode: Text.HorizontalFit
                            minimumPixelSize: 24
                            text: lb.modelData.text
                            color: Theme.onColor; font.pixelSize: win.en ? 34 : 44; font.bold: true
                        }
                      }
                    }
                    background: Rectangle {
                        radius: 18
                        color: lb.down ? Qt.darker(Theme.levelColors[lb.modelData.level], 1.3) : Theme.levelColors[lb.modelData.level]
                    }
                }
            }
        }
    }

    // -- reasons for the two lowest levels ----------------------------------------------------------------
    ColumnLayout {
        objectName: "reasonsScreen"
        visible: backend.screenReasons
        anchors { left: parent.left; right: parent.right; top: header.bottom; bottom: footer.top; margins: 32 }
        spacing: 18
        Text {
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            text: qsTr("您选择了“%1”,请告诉我们原因(可多选)").arg(backend.levelText)
            font.pixelSize: 40; font.bold: true; color: Theme.maroon
        }
        GridLayout {
            Layout.fillWidth: true
            columns: 2
            columnSpacing: 16
            rowSpacing: 14
            Repeater {
                model: backend.reasons
                delegate: Button {
                    id: rb
                    required property var modelData
                    required property int index
                    objectName: "reason" + index
                    readonly property bool chosen: win.chosenReasons.indexOf(modelData.value) >= 0
                    Layout.fillWidth: true
                    Layout.preferredWidth: 400
                    Layout.preferredHeight: 92
                    onClicked: {
                        const list = win.chosenReasons.slice()
                        const at = list.indexOf(modelData.value)
                        if (at >= 0) list.splice(at, 1); else list.push(modelData.value)
                        win.chosenReasons = list
                    }
                    contentItem: Text {
                        text: (rb.chosen ? "✔ " : "") + rb.modelData.text
                        color: rb.chosen ? Theme.onColor : Theme.text
                        font.pixelSize: 34; font.bold: rb.chosen
                        horizontalAlignment: Text.AlignHCenter
                        verticalAlignment: Text.AlignVCenter
                    }
                    background: Rectangle { radius: 14; color: rb.chosen ? Theme.orange : Theme.card; border.color: Theme.orange; border.width: 3 }
                }
            }
        }
        Item { Layout.fillHeight: true }
        RowLayout {
            Layout.fillWidth: true
            spacing: 20
            Button {
                objectName: "backButton"
                Layout.preferredWidth: 280
                Layout.preferredHeight: 90
                onClicked: backend.back()
                contentItem: Text { text: qsTr("返回"); font.pixelSize: 34; color: Theme.text; horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter }
                background: Rectangle { radius: 14; color: Theme.disabledBg }
            }
            Button {
                id: submitReasons
                objectName: "submitReasons"
                Layout.fillWidth: true
                Layout.preferredHeight: 90
                enabled: win.chosenReasons.length > 0
                onClicked: backend.submitReasons(win.chosenReasons)
                contentItem: Text { text: qsTr("提交评价"); font.pixelSize: 38; font.bold: true; color: Theme.onColor; horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter }
                background: Rectangle { radius: 14; color: submitReasons.enabled ? Theme.blue : Theme.grey }
            }
        }
    }

    // -- sending / thanks ------------------------------------------------------------------------------------
    Column {
        objectName: "sendingScreen"
        visible: backend.screenSending
        anchors.centerIn: parent
        spacing: 30
        Spinner { anchors.horizontalCenter: parent.horizontalCenter; width: 120; height: 120 }
        Text { text: qsTr("正在提交…"); font.pixelSize: 56; color: navy }
    }
    Column {
        objectName: "thanksScreen"
        visible: backend.screenThanks
        anchors.centerIn: parent
        anchors.verticalCenterOffset: 60
        spacing: 24
        Text { anchors.horizontalCenter: parent.horizontalCenter; text: qsTr("感谢您的评价!"); font.pixelSize: 96; font.bold: true; color: Theme.green }
        Text { anchors.horizontalCenter: parent.horizontalCenter; text: qsTr("祝您生活愉快"); font.pixelSize: 44; color: Theme.text }
    }

    // -- footer: countdown or error ------------------------------------------------------------------------------
    Rectangle {
        id: footer
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: 72
        color: backend.error ? Theme.red : "transparent"
        Text {
            objectName: "footerText"
            anchors.centerIn: parent
            text: backend.error ? backend.error
                  : (backend.countingDown ? qsTr("%1 秒后自动结束评价").arg(backend.secondsLeft) : "")
            color: backend.error ? Theme.onColor : Theme.textMuted
            font.pixelSize: 28; font.bold: backend.error !== ""
        }
    }
}
