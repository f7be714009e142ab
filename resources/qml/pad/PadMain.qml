// On-screen rating pad (评价器) for a tablet or touch monitor at one window.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ApplicationWindow {
    id: win
    width: 1280
    height: 800
    visible: true
    title: qsTr("马上办 · %1号窗口评价器").arg(backend.windowNumber)
    color: "#f3f6fb"

    readonly property color navy: "#0b3d91"
    readonly property var levelColors: ({5: "#15803d", 4: "#2f7d32", 3: "#1d4ed8", 2: "#b45309", 1: "#b91c1c"})
    readonly property bool en: backend.language === "en"
    property var chosenReasons: []

    Connections {
        target: backend
        function onScreenChanged() { if (backend.screen === "reasons") win.chosenReasons = [] }
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
                color: "white"; font.pixelSize: 48; font.bold: true
            }
            Text {
                objectName: "staffLine"
                Layout.fillWidth: true
                text: backend.staffName ? qsTr("工作人员 %1   工号 %2").arg(backend.staffName).arg(backend.staffNumber)
                                        : qsTr("本窗口暂无工作人员签到")
                color: "white"; font.pixelSize: 32
                elide: Text.ElideRight
            }
            Rectangle {
                visible: backend.link !== "online"
                radius: 8
                color: "#b91c1c"
                Layout.preferredWidth: offlineText.implicitWidth + 28
                Layout.preferredHeight: 48
                Text { id: offlineText; anchors.centerIn: parent; color: "white"; font.pixelSize: 22; text: qsTr("正在连接大厅…") }
            }
        }
    }

    // -- idle -------------------------------------------------------------------------------------------
    Column {
        objectName: "idleScreen"
        visible: backend.screen === "idle"
        anchors.centerIn: parent
        anchors.verticalCenterOffset: 60
        spacing: 30
        Text { anchors.horizontalCenter: parent.horizontalCenter; text: qsTr("欢迎光临"); font.pixelSize: 96; font.bold: true; color: navy }
        Text { anchors.horizontalCenter: parent.horizontalCenter; text: qsTr("办理结束后,请对我们的服务作出评价"); font.pixelSize: 40; color: "#1f2937" }
    }

    // -- rate: five big buttons ----------------------------------------------------------------------------
    ColumnLayout {
        objectName: "rateScreen"
        visible: backend.screen === "rate"
        anchors { left: parent.left; right: parent.right; top: header.bottom; bottom: footer.top; margins: 32 }
        spacing: 24
        Text {
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("请为本次服务评价(%1)").arg(backend.ticketNumber)
            font.pixelSize: 44; font.bold: true; color: "#111827"
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
                            text: "★".repeat(lb.modelData.level)
                            color: "#fde68a"; font.pixelSize: 34
                        }
                        Text {
                            anchors.horizontalCenter: parent.horizontalCenter
                            width: lb.width - 16
                            horizontalAlignment: Text.AlignHCenter
                            wrapMode: win.en ? Text.WordWrap : Text.NoWrap
                            fontSizeMode: Text.HorizontalFit
                            minimumPixelSize: 24
                            text: win.en ? lb.modelData.en : lb.modelData.zh
                            color: "white"; font.pixelSize: win.en ? 34 : 44; font.bold: true
                        }
                      }
                    }
                    background: Rectangle {
                        radius: 18
                        color: lb.down ? Qt.darker(win.levelColors[lb.modelData.level], 1.3) : win.levelColors[lb.modelData.level]
                    }
                }
            }
        }
    }

    // -- reasons for the two lowest levels ----------------------------------------------------------------
    ColumnLayout {
        objectName: "reasonsScreen"
        visible: backend.screen === "reasons"
        anchors { left: parent.left; right: parent.right; top: header.bottom; bottom: footer.top; margins: 32 }
        spacing: 18
        Text {
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            text: qsTr("您选择了“%1”,请告诉我们原因(可多选)").arg(backend.level === 1 ? qsTr("非常不满意") : qsTr("不满意"))
            font.pixelSize: 40; font.bold: true; color: "#7f1d1d"
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
                    readonly property bool chosen: win.chosenReasons.indexOf(modelData.zh) >= 0
                    Layout.fillWidth: true
                    Layout.preferredWidth: 400
                    Layout.preferredHeight: 92
                    onClicked: {
                        const list = win.chosenReasons.slice()
                        const at = list.indexOf(modelData.zh)
                        if (at >= 0) list.splice(at, 1); else list.push(modelData.zh)
                        win.chosenReasons = list
                    }
                    contentItem: Text {
                        text: (rb.chosen ? "✔ " : "") + (win.en ? rb.modelData.en : rb.modelData.zh)
                        color: rb.chosen ? "white" : "#111827"
                        font.pixelSize: 34; font.bold: rb.chosen
                        horizontalAlignment: Text.AlignHCenter
                        verticalAlignment: Text.AlignVCenter
                    }
                    background: Rectangle { radius: 14; color: rb.chosen ? "#b45309" : "white"; border.color: "#b45309"; border.width: 3 }
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
                contentItem: Text { text: qsTr("返回"); font.pixelSize: 34; color: "#111827"; horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter }
                background: Rectangle { radius: 14; color: "#e5e7eb" }
            }
            Button {
                id: submitReasons
                objectName: "submitReasons"
                Layout.fillWidth: true
                Layout.preferredHeight: 90
                enabled: win.chosenReasons.length > 0
                onClicked: backend.submitReasons(win.chosenReasons)
                contentItem: Text { text: qsTr("提交评价"); font.pixelSize: 38; font.bold: true; color: "white"; horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter }
                background: Rectangle { radius: 14; color: submitReasons.enabled ? "#0b3d91" : "#9aa5b1" }
            }
        }
    }

    // -- sending / thanks ------------------------------------------------------------------------------------
    Text {
        objectName: "sendingScreen"
        visible: backend.screen === "sending"
        anchors.centerIn: parent
        text: qsTr("正在提交…")
        font.pixelSize: 56; color: navy
    }
    Column {
        objectName: "thanksScreen"
        visible: backend.screen === "thanks"
        anchors.centerIn: parent
        anchors.verticalCenterOffset: 60
        spacing: 24
        Text { anchors.horizontalCenter: parent.horizontalCenter; text: qsTr("感谢您的评价!"); font.pixelSize: 96; font.bold: true; color: "#15803d" }
        Text { anchors.horizontalCenter: parent.horizontalCenter; text: qsTr("祝您生活愉快"); font.pixelSize: 44; color: "#1f2937" }
    }

    // -- footer: countdown or error ------------------------------------------------------------------------------
    Rectangle {
        id: footer
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: 72
        color: backend.error ? "#b91c1c" : "transparent"
        Text {
            objectName: "footerText"
            anchors.centerIn: parent
            text: backend.error ? backend.error
                  : ((backend.screen === "rate" || backend.screen === "reasons") ? qsTr("%1 秒后自动结束评价").arg(backend.secondsLeft) : "")
            color: backend.error ? "white" : "#4b5563"
            font.pixelSize: 28; font.bold: backend.error !== ""
        }
    }
}
