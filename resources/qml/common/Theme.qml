pragma Singleton
import QtQuick

// The hall's look: government blue and red on a light ground, large type. Elder mode (适老化)
// scales every size up and raises contrast; apps bind `elder` to their backend.
QtObject {
    property bool elder: false
    readonly property real scale: elder ? 1.3 : 1.0

    // colours
    readonly property color blue: elder ? "#002f73" : "#0b4da2"
    readonly property color blueDark: elder ? "#001d4a" : "#073477"
    readonly property color blueLight: elder ? "#d6e4ff" : "#e6effb"
    readonly property color red: elder ? "#a50018" : "#c8102e"
    readonly property color redLight: "#fdecee"
    readonly property color gold: "#f2c14e"
    readonly property color green: elder ? "#0a5c2b" : "#0f7a3a"
    readonly property color greenLight: "#e5f5ea"
    readonly property color amber: "#8a5a00"
    readonly property color amberLight: "#fff4d6"
    readonly property color bg: elder ? "#ffffff" : "#f2f5f9"
    readonly property color card: "#ffffff"
    readonly property color text: elder ? "#000000" : "#1b1f24"
    readonly property color textMuted: elder ? "#1b1f24" : "#56606b"
    readonly property color disabledBg: elder ? "#d9d9d9" : "#e4e7eb"
    readonly property color disabledText: elder ? "#333333" : "#5f6670"
    readonly property color border: elder ? "#1b1f24" : "#d3d9e0"

    // type (pixels, at 1080 px of short side)
    readonly property int huge: Math.round(190 * scale)
    readonly property int title: Math.round(54 * scale)
    readonly property int h1: Math.round(44 * scale)
    readonly property int h2: Math.round(36 * scale)
    readonly property int body: Math.round(30 * scale)
    readonly property int small: Math.round(25 * scale)

    // geometry
    readonly property int gap: Math.round(24 * scale)
    readonly property int pad: 40
    readonly property int radius: 18
    readonly property int touch: Math.round(110 * scale)  // minimum touch target height
}
