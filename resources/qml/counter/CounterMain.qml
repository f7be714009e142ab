// Counter terminal (窗口叫号): one window's staff PC. Mouse, keyboard and F-key hotkeys.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ApplicationWindow {
    id: win
    width: 1280
    height: 800
    visible: true
    title: qsTr("马上办 · %1号窗口").arg(backend.windowNumber)
    color: "#eef2f6"

    readonly property color navy: "#0b3d91"
    readonly property color ink: "#1a1a1a"
    readonly property color muted: "#4a5563"
    readonly property bool hasTicket: backend.current.number !== undefined
    readonly property bool isOpen: backend.state === "open"
    // the chosen waiting ticket, kept by id so a refreshed list does not move the choice
    property string selectedId: ""
    readonly property bool selectedWaiting: backend.waiting.some(t => t.id === selectedId)
    font.pixelSize: 20

    component ActionButton: Button {
        id: ab
        property string hotkey: ""
        property color tint: navy
        Layout.fillWidth: true
        Layout.preferredHeight: 66
        enabled: !backend.busy
        font.pixelSize: 24
        font.bold: true
        contentItem: Column {
            spacing: 2
            Text {
                anchors.horizontalCenter: parent.horizontalCenter
                text: ab.text
                font: ab.font
                color: ab.enabled ? "white" : "#e5e7eb"
            }
            Text {
                anchors.horizontalCenter: parent.horizontalCenter
                text: ab.hotkey
                visible: ab.hotkey !== ""
                font.pixelSize: 15
                color: ab.enabled ? "#dbeafe" : "#e5e7eb"
            }
        }
        background: Rectangle {
            radius: 8
            color: !ab.enabled ? "#9aa5b1" : (ab.down ? Qt.darker(ab.tint, 1.3) : ab.tint)
        }
    }

    component Card: Rectangle {
        color: "white"
        radius: 10
        border.color: "#d0d7e2"
    }

    // -- hotkeys (shown on the buttons) --------------------------------------------------------
    Shortcut { sequence: "F1"; enabled: isOpen && !hasTicket; onActivated: backend.callNext() }
    Shortcut { sequence: "F2"; enabled: hasTicket; onActivated: backend.recall() }
    Shortcut { sequence: "F3"; enabled: hasTicket; onActivated: backend.startService() }
    Shortcut { sequence: "F4"; enabled: hasTicket; onActivated: backend.finish() }
    Shortcut { sequence: "F5"; enabled: hasTicket; onActivated: backend.noShow() }
    Shortcut { sequence: "F6"; enabled: hasTicket; onActivated: transferDialog.open() }
    Shortcut { sequence: "F7"; enabled: backend.state !== "signed_off"
               onActivated: backend.state === "paused" ? backend.resume() : pauseDialog.open() }
    Shortcut { sequence: "F8"; enabled: isOpen && !hasTicket && selectedWaiting
               onActivated: backend.callTicket(selectedId) }
    Shortcut { sequence: "F9"; enabled: backend.state !== "signed_off"; onActivated: backend.signOff() }
    Shortcut { sequence: "F12"; onActivated: backend.setLanguage(backend.language === "en" ? "zh" : "en") }

    // -- top bar ----------------------------------------------------------------------------------
    Rectangle {
        id: topBar
        anchors { left: parent.left; right: parent.right; top: parent.top }
        height: 72
        color: navy
        RowLayout {
            anchors { fill: parent; leftMargin: 20; rightMargin: 20 }
            spacing: 24
            Text {
                objectName: "windowTitle"
                text: qsTr("%1号窗口").arg(backend.windowNumber)
                color: "white"; font.pixelSize: 34; font.bold: true
            }
            Text {
                text: backend.windowName
                color: "#dbeafe"; font.pixelSize: 24
                Layout.fillWidth: true
                elide: Text.ElideRight
            }
            Text {
                text: backend.staffName ? qsTr("工作人员 %1 (工号 %2)").arg(backend.staffName).arg(backend.staffNumber) : ""
                color: "white"; font.pixelSize: 20
            }
            Rectangle {
                objectName: "stateBadge"
                radius: 6
                color: backend.state === "open" ? "#15803d" : (backend.state === "paused" ? "#b45309" : "#6b7280")
                Layout.preferredWidth: stateText.implicitWidth + 28
                Layout.preferredHeight: 40
                Text {
                    id: stateText
                    anchors.centerIn: parent
                    color: "white"; font.pixelSize: 20; font.bold: true
                    text: backend.state === "open" ? qsTr("办理中") : (backend.state === "paused" ? qsTr("暂停服务") : qsTr("未签到"))
                }
            }
            Rectangle {
                objectName: "linkBadge"
                radius: 6
                color: backend.link === "online" ? "#1e6b3a" : "#b91c1c"
                Layout.preferredWidth: linkText.implicitWidth + 24
                Layout.preferredHeight: 40
                Text {
                    id: linkText
                    anchors.centerIn: parent
                    color: "white"; font.pixelSize: 18
                    text: backend.link === "online" ? qsTr("已连接") : (backend.link === "connecting" ? qsTr("连接中…") : qsTr("与大厅断开,正在重连"))
                }
            }
        }
    }

    // -- main area --------------------------------------------------------------------------------
    RowLayout {
        anchors { left: parent.left; right: parent.right; top: topBar.bottom; bottom: messageBar.top; margins: 16 }
        spacing: 16

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 3
            spacing: 14

            Card {
                Layout.fillWidth: true
                Layout.preferredHeight: 240
                ColumnLayout {
                    anchors { fill: parent; margins: 18 }
                    Text { text: qsTr("当前办理"); color: muted; font.pixelSize: 22 }
                    Text {
                        objectName: "currentNumber"
                        text: hasTicket ? backend.current.number : (backend.state === "paused" ? qsTr("暂停服务中:%1").arg(backend.pauseReason) : qsTr("— 空闲 —"))
                        color: hasTicket ? navy : muted
                        font.pixelSize: hasTicket ? 80 : 40
                        font.bold: true
                        Layout.fillWidth: true
                        elide: Text.ElideRight
                    }
                    Text {
                        visible: hasTicket
                        text: hasTicket ? qsTr("%1 · %2%3").arg(backend.current.service_name)
                                             .arg(backend.current.state === "serving" ? qsTr("办理中") : qsTr("已叫号,等候群众到窗口"))
                                             .arg(backend.current.recalls > 0 ? qsTr(" · 已重呼 %1 次").arg(backend.current.recalls) : "")
                                        : ""
                        color: ink; font.pixelSize: 24
                    }
                }
            }

            GridLayout {
                Layout.fillWidth: true
                columns: 3
                columnSpacing: 12
                rowSpacing: 12
                ActionButton { objectName: "callNextButton"; text: qsTr("叫号"); hotkey: "F1"; enabled: !backend.busy && isOpen && !hasTicket; onClicked: backend.callNext() }
                ActionButton { objectName: "recallButton"; text: qsTr("重呼"); hotkey: "F2"; enabled: !backend.busy && hasTicket; onClicked: backend.recall() }
                ActionButton { objectName: "startButton"; text: qsTr("开始办理"); hotkey: "F3"; enabled: !backend.busy && hasTicket && backend.current.state === "called"; onClicked: backend.startService() }
                ActionButton { objectName: "finishButton"; text: qsTr("办结"); hotkey: "F4"; tint: "#15803d"; enabled: !backend.busy && hasTicket; onClicked: backend.finish() }
                ActionButton { objectName: "noShowButton"; text: qsTr("过号"); hotkey: "F5"; tint: "#b45309"; enabled: !backend.busy && hasTicket; onClicked: backend.noShow() }
                ActionButton { objectName: "transferButton"; text: qsTr("转办"); hotkey: "F6"; enabled: !backend.busy && hasTicket; onClicked: transferDialog.open() }
                ActionButton {
                    objectName: "pauseButton"
                    text: backend.state === "paused" ? qsTr("恢复服务") : qsTr("暂停服务")
                    hotkey: "F7"; tint: "#475569"
                    enabled: !backend.busy && (backend.state === "paused" || (isOpen && !hasTicket))
                    onClicked: backend.state === "paused" ? backend.resume() : pauseDialog.open()
                }
                ActionButton {
                    objectName: "callSelectedButton"; text: qsTr("呼叫选中"); hotkey: "F8"
                    enabled: !backend.busy && isOpen && !hasTicket && selectedWaiting
                    onClicked: backend.callTicket(selectedId)
                }
                ActionButton { objectName: "signOffButton"; text: qsTr("签退"); hotkey: "F9"; tint: "#7f1d1d"; enabled: !backend.busy && backend.state !== "signed_off" && !hasTicket; onClicked: backend.signOff() }
            }

            Card {
                Layout.fillWidth: true
                Layout.fillHeight: true
                ColumnLayout {
                    anchors { fill: parent; margins: 16 }
                    spacing: 8
                    RowLayout {
                        spacing: 28
                        Text { objectName: "servedToday"; text: qsTr("今日办结 %1 件").arg(backend.servedToday); font.pixelSize: 24; font.bold: true; color: ink }
                        Text {
                            objectName: "satisfactionToday"
                            text: backend.satisfaction.ratings > 0
                                  ? qsTr("今日满意率 %1% (评价 %2 次)").arg((backend.satisfaction.rate * 100).toFixed(1)).arg(backend.satisfaction.ratings)
                                  : qsTr("今日暂无评价")
                            font.pixelSize: 24; font.bold: true; color: "#15803d"
                        }
                    }
                    Text {
                        visible: backend.satisfaction.ratings > 0
                        text: backend.satisfaction.distribution
                              ? qsTr("非常满意 %1 · 满意 %2 · 基本满意 %3 · 不满意 %4 · 非常不满意 %5")
                                  .arg(backend.satisfaction.distribution[0]).arg(backend.satisfaction.distribution[1])
                                  .arg(backend.satisfaction.distribution[2]).arg(backend.satisfaction.distribution[3])
                                  .arg(backend.satisfaction.distribution[4])
                              : ""
                        font.pixelSize: 18; color: muted
                    }
                    Text { visible: backend.padStatus !== ""; objectName: "padStatus"; text: backend.padStatus; font.pixelSize: 18; color: navy }
                    Item { Layout.fillHeight: true }
                }
            }
        }

        Card {
            Layout.fillHeight: true
            Layout.preferredWidth: 2
            Layout.fillWidth: true
            ColumnLayout {
                anchors { fill: parent; margins: 14 }
                Text { text: qsTr("本窗口业务等候"); font.pixelSize: 20; font.bold: true; color: ink }
                Flow {
                    Layout.fillWidth: true
                    spacing: 10
                    Repeater {
                        model: backend.queue
                        delegate: Rectangle {
                            required property var modelData
                            radius: 6
                            color: "#e8eefb"
                            width: qText.implicitWidth + 24
                            height: 44
                            Text {
                                id: qText
                                anchors.centerIn: parent
                                text: modelData.waiting === 0
                                    ? qsTr("%1 无人等候").arg(backend.language === "en" ? modelData.name_en : modelData.name)
                                    : qsTr("%1 等候 %2 人 · 约 %3 分钟")
                                        .arg(backend.language === "en" ? modelData.name_en : modelData.name)
                                        .arg(modelData.waiting).arg(Math.max(1, modelData.minutes))
                                font.pixelSize: 20; color: ink
                            }
                        }
                    }
                }
                Text {
                    Layout.topMargin: 8
                    text: qsTr("等候中 %1 人(点选后按“呼叫选中”)").arg(backend.waiting.length)
                    font.pixelSize: 20; font.bold: true; color: ink
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                }
                ListView {
                    id: waitingList
                    objectName: "waitingList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: backend.waiting
                    spacing: 4
                    ScrollBar.vertical: ScrollBar {}
                    delegate: Rectangle {
                        id: row
                        required property var modelData
                        required property int index
                        width: ListView.view.width
                        height: 52
                        radius: 6
                        readonly property bool chosen: modelData.id === win.selectedId
                        objectName: "waiting_" + modelData.number
                        color: chosen ? "#c7d7f5" : (index % 2 ? "#f4f6fa" : "white")
                        border.color: chosen ? navy : "transparent"
                        border.width: 2
                        RowLayout {
                            anchors { fill: parent; leftMargin: 12; rightMargin: 12 }
                            Text { text: row.modelData.number; font.pixelSize: 26; font.bold: true; color: navy; Layout.preferredWidth: 100 }
                            Text { text: row.modelData.service_name; font.pixelSize: 20; color: ink; Layout.fillWidth: true; elide: Text.ElideRight }
                            Text {
                                visible: row.modelData.priority !== "normal" || row.modelData.targeted
                                text: row.modelData.targeted ? qsTr("转本窗口") : (row.modelData.priority === "green" ? qsTr("绿色通道") : qsTr("预约"))
                                font.pixelSize: 16; color: "#15803d"
                            }
                            Text { text: row.modelData.issued_at; font.pixelSize: 18; color: muted }
                        }
                        MouseArea { anchors.fill: parent; onClicked: win.selectedId = row.modelData.id }
                    }
                }
            }
        }
    }

    // -- messages -----------------------------------------------------------------------------------
    Rectangle {
        id: messageBar
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: 56
        color: backend.error ? "#b91c1c" : (backend.info ? "#14532d" : "#dfe5ee")
        Text {
            objectName: "message"
            anchors { fill: parent; leftMargin: 20; rightMargin: 20 }
            verticalAlignment: Text.AlignVCenter
            text: backend.error || backend.info || (backend.busy ? qsTr("处理中…") : qsTr("F1 叫号 · F2 重呼 · F3 开始 · F4 办结 · F5 过号 · F6 转办 · F7 暂停/恢复 · F8 呼叫选中 · F9 签退 · F12 中文/English"))
            color: backend.error || backend.info ? "white" : muted
            font.pixelSize: backend.error || backend.info ? 22 : 17
            font.bold: backend.error !== ""
            elide: Text.ElideRight
        }
    }

    // -- sign in -------------------------------------------------------------------------------------
    Rectangle {
        id: signInPane
        objectName: "signInPane"
        anchors { left: parent.left; right: parent.right; top: topBar.bottom; bottom: messageBar.top }
        visible: backend.state === "signed_off"
        color: "#eef2f6"
        MouseArea { anchors.fill: parent }  // nothing behind it is clickable
        Card {
            anchors.centerIn: parent
            width: 520
            height: 400
            ColumnLayout {
                anchors { fill: parent; margins: 30 }
                spacing: 14
                Text { text: qsTr("工作人员签到"); font.pixelSize: 32; font.bold: true; color: navy }
                Text { text: qsTr("工号"); font.pixelSize: 20; color: muted }
                TextField {
                    id: staffField
                    objectName: "staffField"
                    Layout.fillWidth: true
                    font.pixelSize: 26
                    placeholderText: qsTr("例如 S001")
                    focus: signInPane.visible
                    onAccepted: pinField.forceActiveFocus()
                }
                Text { text: qsTr("密码"); font.pixelSize: 20; color: muted }
                TextField {
                    id: pinField
                    objectName: "pinField"
                    Layout.fillWidth: true
                    font.pixelSize: 26
                    echoMode: TextInput.Password
                    onAccepted: backend.signIn(staffField.text, pinField.text)
                }
                ActionButton {
                    objectName: "signInButton"
                    text: qsTr("签到")
                    hotkey: "Enter"
                    enabled: !backend.busy && staffField.text.length > 0
                    onClicked: { backend.signIn(staffField.text, pinField.text); pinField.text = "" }
                }
            }
        }
    }

    // -- dialogs -------------------------------------------------------------------------------------
    Dialog {
        id: pauseDialog
        objectName: "pauseDialog"
        anchors.centerIn: parent
        width: 560
        modal: true
        title: qsTr("暂停服务:请选择原因")
        ColumnLayout {
            anchors.fill: parent
            spacing: 10
            Repeater {
                model: backend.pauseReasons
                delegate: ActionButton {
                    required property string modelData
                    required property int index
                    objectName: "pauseReason" + index
                    text: modelData
                    Layout.preferredHeight: 56
                    tint: "#475569"
                    onClicked: { pauseDialog.close(); backend.pause(modelData) }
                }
            }
            RowLayout {
                TextField { id: otherReason; objectName: "pauseOther"; Layout.fillWidth: true; font.pixelSize: 22; placeholderText: qsTr("其他原因") }
                Button { text: qsTr("确定"); font.pixelSize: 22; enabled: otherReason.text.trim().length > 0; onClicked: { pauseDialog.close(); backend.pause(otherReason.text) } }
            }
            Button { text: qsTr("取消"); font.pixelSize: 22; Layout.alignment: Qt.AlignRight; onClicked: pauseDialog.close() }
        }
    }

    Dialog {
        id: transferDialog
        objectName: "transferDialog"
        anchors.centerIn: parent
        width: 760
        height: 560
        modal: true
        title: qsTr("转办 %1:选择业务或窗口").arg(hasTicket ? backend.current.number : "")
        ColumnLayout {
            anchors.fill: parent
            spacing: 8
            Text { text: qsTr("转到业务(排在该业务队首)"); font.pixelSize: 20; color: muted }
            Flow {
                Layout.fillWidth: true
                spacing: 8
                Repeater {
                    model: backend.services
                    delegate: Button {
                        required property var modelData
                        objectName: "transferService_" + modelData.code
                        text: backend.language === "en" ? modelData.name_en : modelData.name
                        font.pixelSize: 18
                        onClicked: { transferDialog.close(); backend.transferToService(modelData.code) }
                    }
                }
            }
            Text { text: qsTr("转到窗口"); font.pixelSize: 20; color: muted }
            Flow {
                Layout.fillWidth: true
                spacing: 8
                Repeater {
                    model: backend.windows
                    delegate: Button {
                        required property int modelData
                        objectName: "transferWindow_" + modelData
                        text: qsTr("%1号").arg(modelData)
                        font.pixelSize: 18
                        onClicked: { transferDialog.close(); backend.transferToWindow(modelData) }
                    }
                }
            }
            Item { Layout.fillHeight: true }
            Button { text: qsTr("取消"); font.pixelSize: 22; Layout.alignment: Qt.AlignRight; onClicked: transferDialog.close() }
        }
    }

    Dialog {
        id: signOffDialog
        objectName: "signOffDialog"
        anchors.centerIn: parent
        width: 640
        modal: true
        visible: backend.signOffBlocked !== ""
        closePolicy: Popup.NoAutoClose
        title: qsTr("不能签退")
        ColumnLayout {
            anchors.fill: parent
            spacing: 12
            Text {
                objectName: "signOffMessage"
                text: backend.signOffBlocked
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
                font.pixelSize: 22; color: "#b91c1c"; font.bold: true
            }
            Text { text: qsTr("确需签退,请填写原因(将记录在案):"); font.pixelSize: 18; color: muted; Layout.fillWidth: true; wrapMode: Text.WordWrap }
            TextField { id: overrideReason; objectName: "overrideReason"; Layout.fillWidth: true; font.pixelSize: 22 }
            RowLayout {
                Layout.alignment: Qt.AlignRight
                Button { objectName: "cancelSignOff"; text: qsTr("继续办理"); font.pixelSize: 22; onClicked: backend.cancelSignOff() }
                Button {
                    objectName: "overrideSignOff"
                    text: qsTr("强制签退")
                    font.pixelSize: 22
                    enabled: overrideReason.text.trim().length > 0 && !backend.busy
                    onClicked: { backend.signOffOverride(overrideReason.text); overrideReason.text = "" }
                }
            }
        }
    }
}
