import QtQuick
import QtQuick.Layouts
import "../common"

// Home: categories, then service tiles. Only services open for issuing can be tapped.
Item {
    id: root
    objectName: "homeScreen"
    property bool landscape: false
    readonly property bool canIssue: kiosk.online

    // Tiles are updated in place (not rebuilt) when counts change, so a finger on a tile
    // during a refresh is not lost.
    ListModel { id: tiles }
    function syncTiles() {
        var rows = kiosk.services
        for (var i = 0; i < rows.length; ++i) {
            if (i < tiles.count && tiles.get(i).code === rows[i].code)
                tiles.set(i, rows[i])
            else if (i < tiles.count) {
                tiles.remove(i, tiles.count - i)
                tiles.append(rows[i])
            } else
                tiles.append(rows[i])
        }
        if (tiles.count > rows.length)
            tiles.remove(rows.length, tiles.count - rows.length)
    }
    Connections {
        target: kiosk
        function onServicesChanged() { root.syncTiles() }
    }
    Component.onCompleted: syncTiles()

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.pad
        spacing: Theme.gap

        Text {
            objectName: "homeTitle"
            Layout.fillWidth: true
            text: kiosk.catalogueLoaded ? qsTr("请选择您要办理的业务") : qsTr("正在连接大厅服务器…")
            color: Theme.text
            font.pixelSize: Theme.title
            font.bold: true
            wrapMode: Text.WordWrap
        }

        Flow {  // categories
            objectName: "categoryBar"
            Layout.fillWidth: true
            spacing: Theme.gap / 2
            visible: kiosk.categories.length > 1
            Repeater {
                model: kiosk.categories
                KButton {
                    required property var modelData
                    required property int index
                    objectName: "category_" + index
                    kind: index === kiosk.category ? "primary" : "plain"
                    fontSize: Theme.body
                    text: modelData.label
                    onClicked: kiosk.selectCategory(index)
                }
            }
        }

        Flickable {
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentHeight: grid.implicitHeight
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            GridLayout {
                id: grid
                width: parent.width
                columns: root.landscape ? 3 : 2
                rowSpacing: Theme.gap
                columnSpacing: Theme.gap
                Repeater {
                    model: tiles
                    ServiceTile {
                        required property var model
                        objectName: "service_" + model.code
                        Layout.fillWidth: true
                        Layout.preferredHeight: Math.max(implicitHeight, root.landscape ? 170 : 230) * (Theme.elder ? 1.15 : 1)
                        service: model
                        enabled: model.available && root.canIssue
                        onClicked: kiosk.chooseService(model.code)
                    }
                }
            }
        }

        KButton {  // 绿色通道
            objectName: "greenButton"
            Layout.fillWidth: true
            kind: "plain"
            checked: kiosk.greenRequested
            color: kiosk.greenRequested ? Theme.greenLight : Theme.card
            border.color: kiosk.greenRequested ? Theme.green : Theme.border
            enabled: root.canIssue
            text: kiosk.greenRequested ? qsTr("✓ 已选绿色通道:请选择业务,再刷身份证") : qsTr("绿色通道 · %1 岁以上老人优先").arg(kiosk.greenAge)
            subText: kiosk.greenRequested ? qsTr("再点一次取消") : qsTr("点此后选择业务,刷身份证即可优先叫号")
            onClicked: kiosk.toggleGreen()
        }
    }
}
