// Counter terminal (窗口叫号): one window's staff PC. Mouse, keyboard and F-key hotkeys.
// What may be done now comes from the backend's can* properties (the core's predicates, busy
// folded in); each F-key binds to the same property as its button. No state strings here.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../common"

ApplicationWindow {
    id: win
    width: 1280
    height: 800
    visible: true
    title: qsTr("马上办 · %1号窗口").arg(backend.windowNumber)
    color: Theme.bg

    readonly property color navy: Theme.blue
    readonly property color ink: Theme.text
    readonly property color muted: Theme.textMuted
    readonly property bool hasTicket: backend.hasTicket
    font.pixelSize: 20

    // A command button with its F-key under the label (the shared KButton, sized for a desk PC).
    component ActionButton: KButton {
        property string hotkey: ""
        Layout.fillWidth: true
        Layout.preferredHeight: 66
        radius: 8
        kind: "primary"
        fontSize: 24
        subFontSize: 15
        subText: hotkey
    }

    component Card: Rectangle {
        color: Theme.card
        radius: 10
        border.color: Theme.border
    }

    function pauseOrResume() { if (backend.canResume) backend.resume(); else pauseDialog.open() }

    // -- hotkeys (shown on the buttons): each bound to its button's property ------------------
    Shortcut { objectName: "callNextKey"; sequence: "F1"; enabled: backend.canCallNext; onActivated: backend.callNext() }
    Shortcut { objectName: "recallKey"; sequence: "F2"; enabled: backend.canRecall; onActivated: backend.recall() }
    Shortcut { objectName: "startKey"; sequence: "F3"; enabled: backend.canStart; onActivated: backend.startService() }
    Shortcut { objectName: "finishKey"; sequence: "F4"; enabled: backend.canFinish; onActivated: backend.finish() }
    Shortcut { objectName: "noShowKey"; sequence: "F5"; enabled: backend.canNoShow; onActivated: backend.noShow() }
    Shortcut { objectName: "transferKey"; sequence: "F6"; enabled: backend.canTransfer; onActivated: transferDialog.open() }
    Shortcut { objectName: "pauseKey"; sequence: "F7"; enabled: backend.canPauseOrResume; onActivated: win.pauseOrResume() }
    Shortcut { objectName: "callSelectedKey"; sequence: "F8"; enabled: backend.canCallSelected; onActivated: backend.callSelected() }
    Shortcut { objectName: "signOffKey"; sequence: "F9"; enabled: backend.canSignOff; onActivated: backend.signOff() }
    Shortcut { objectName: "languageKey"; sequence: "F12"; onActivated: backend.toggleLanguage() }

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
                color: Theme.onColor; font.pixelSize: 34; font.bold: true
            }
            Text {
                text: backend.windowName
                color: Theme.onColorMuted; font.pixelSize: 24
                Layout.fillWidth: true
                elide: Text.ElideRight
            }
            Text {
                text: backend.staffName ? qsTr("工作人员 %1 (工号 %2)").arg(backend.staffName).arg(backend.staffNumber) : ""
                color: Theme.onColor; font.pixelSize: 20
            }
            Rectangle {
                objectName: "stateBadge"
                radius: 6
                color: Theme[backend.stateTone]
                Layout.preferredWidth: stateText.implicitWidth + 28
                Layout.preferredHeight: 40
                Text {
                    id: stateText
                    anchors.centerIn: parent
                    color: Theme.onColor; font.pixelSize: 20; font.bold: true
                    text: backend.stateText
                }
            }
            Rectangle {
                objectName: "linkBadge"
                radius: 6
                color: backend.online ? Theme.green : Theme.red
                Layout.preferredWidth: linkText.implicitWidth + 24
                Layout.preferredHeight: 40
                Text {
                    id: linkText
                    anchors.centerIn: parent
                    color: Theme.onColor; font.pixelSize: 18
                    text: backend.online ? qsTr("已连接") : (backend.connecting ? qsTr("连接中…") : qsTr("与大厅断开,正在重连"))
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
                        text: hasTicket ? backend.currentNumber : (backend.isPaused ? qsTr("暂停服务中:%1").arg(backend.pauseReason) : qsTr("— 空闲 —"))
                        color: hasTicket ? navy : muted
                        font.pixelSize: hasTicket ? 80 : 40
                        font.bold: true
                        Layout.fillWidth: true
                        elide: Text.ElideRight
                    }
                    Text {
                        objectName: "currentDetail"
                        visible: hasTicket
                        text: backend.currentText
                        color: ink; font.pixelSize: 24
                        Layout.fillWidth: true
                        elide: Text.ElideRight
                    }
                }
            }

            GridLayout {
                Layout.fillWidth: true
                columns: 3
                columnSpacing: 12
                rowSpacing: 12
                ActionButton { objectName: "callNextButton"; text: qsTr("叫号"); hotkey: "F1"; enabled: backend.canCallNext; onClicked: backend.callNext() }
                ActionButton { objectName: "recallButton"; text: qsTr("重呼"); hotkey: "F2"; enabled: backend.canRecall; onClicked: backend.recall() }
                ActionButton { objectName: "startButton"; text: qsTr("开始办理"); hotkey: "F3"; enabled: backend.canStart; onClicked: backend.startService() }
                ActionButton { objectName: "finishButton"; text: qsTr("办结"); hotkey: "F4"; tone: Theme.green; enabled: backend.canFinish; onClicked: backend.finish() }
                ActionButton { objectName: "noShowButton"; text: qsTr("过号"); hotkey: "F5"; tone: Theme.orange; enabled: backend.canNoShow; onClicked: backend.noShow() }
                ActionButton { objectName: "transferButton"; text: qsTr("转办"); hotkey: "F6"; enabled: backend.canTransfer; onClicked: transferDialog.open() }
                ActionButton {
                    objectName: "pauseButton"
                    text: backend.isPaused ? qsTr("恢复服务") : qsTr("暂停服务")
                    hotkey: "F7"; tone: Theme.slate
                    enabled: backend.canPauseOrResume
                    onClicked: win.pauseOrResume()
                }
                ActionButton {
                    objectName: "callSelectedButton"; text: qsTr("呼叫选中"); hotkey: "F8"
                    enabled: backend.canCallSelected
                    onClicked: backend.callSelected()
                }
                ActionButton { objectName: "signOffButton"; text: qsTr("签退"); hotkey: "F9"; tone: Theme.maroon; enabled: backend.canSignOff; onClicked: backend.signOff() }
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
                            font.pixelSize: 24; font.bold: true; color: Theme.green
                        }
                    }
                    Text {
                        objectName: "satisfactionSplit"
                        visible: backend.satisfaction.ratings > 0
                        text: backend.satisfactionSplit
                        font.pixelSize: 18; color: muted
                        Layout.fillWidth: true
                        elide: Text.ElideRight
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
                            color: Theme.blueLight
                            width: qText.implicitWidth + 24
                            height: 44
                            Text {
                                id: qText
                                anchors.centerIn: parent
                                text: modelData.waiting === 0
                                    ? qsTr("%1 无人等候").arg(backend.english ? modelData.name_en : modelData.name)
                                    : qsTr("%1 等候 %2 人 · 约 %3 分钟")
                                        .arg(backend.english ? modelData.name_en : modelData.name)
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
                        readonly property bool chosen: modelData.id === backend.selectedId
                        objectName: "waiting_" + modelData.number
                        color: chosen ? Qt.darker(Theme.blueLight, 1.08) : (index % 2 ? Theme.bg : Theme.card)
                        border.color: chosen ? navy : "transparent"
                        border.width: 2
                        RowLayout {
                            anchors { fill: parent; leftMargin: 12; rightMargin: 12 }
                            Text { text: row.modelData.number; font.pixelSize: 26; font.bold: true; color: navy; Layout.preferredWidth: 100 }
                            Text { text: row.modelData.service_name; font.pixelSize: 20; color: ink; Layout.fillWidth: true; elide: Text.ElideRight }
                            Text {
                                visible: row.modelData.tag !== ""
                                text: row.modelData.tag
                                font.pixelSize: 16; color: Theme.green
                            }
                            Text { text: row.modelData.issued_at; font.pixelSize: 18; color: muted }
                        }
                        MouseArea { anchors.fill: parent; onClicked: backend.select(row.modelData.id) }
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
        color: backend.error ? Theme.red : (backend.info ? Theme.green : Theme.disabledBg)
        Text {
            objectName: "message"
            anchors { fill: parent; leftMargin: 20; rightMargin: 20 }
            verticalAlignment: Text.AlignVCenter
            text: backend.error || backend.info || (backend.busy ? qsTr("处理中…") : qsTr("F1 叫号 · F2 重呼 · F3 开始 · F4 办结 · F5 过号 · F6 转办 · F7 暂停/恢复 · F8 呼叫选中 · F9 签退 · F12 中文/English"))
            color: backend.error || backend.info ? Theme.onColor : muted
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
        visible: backend.isSignedOff
        color: Theme.bg
        MouseArea { anchors.fill: parent }  // nothing behind it is clickable
        Card {
            anchors.centerIn: parent
            width: 520
            height: 400
            ColumnLayout {
                anchors { fill: parent; margins: 30 }
                spacing: 14
                Text { text: qsTr("工作人员签到"); font.pixelSize: 32; font.bold: true; color: navy }
                Text {
                    objectName: "notWorkingToday"
                    visible: !backend.worksToday
                    text: qsTr("本窗口今日不办公,不能签到")
                    font.pixelSize: 20
                    color: Theme.red
                }
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
                    enabled: backend.canSignIn && staffField.text.length > 0
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
                    required property var modelData
                    required property int index
                    objectName: "pauseReason" + index
                    text: modelData.text
                    Layout.preferredHeight: 56
                    tone: Theme.slate
                    onClicked: { pauseDialog.close(); backend.pause(modelData.value) }
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
        title: qsTr("转办 %1:选择业务或窗口").arg(backend.currentNumber)
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
                        text: backend.english ? modelData.name_en : modelData.name
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
                font.pixelSize: 22; color: Theme.red; font.bold: true
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
