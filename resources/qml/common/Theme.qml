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
    readonly property color orange: "#b45309"  // fills (badges, buttons); amber is for text
    readonly property color grey: "#6b7280"
    readonly property color slate: "#475569"
    readonly property color maroon: "#7f1d1d"
    readonly property color onColor: "#ffffff"  // text on a coloured fill
    readonly property color onColorMuted: "#dbeafe"
    // the five rating levels (5 .. 1), on a light ground: pad buttons, counter bars
    readonly property var levelColors: ({5: "#15803d", 4: "#2f7d32", 3: "#1d4ed8", 2: "#b45309", 1: "#b91c1c"})

    // the hall wall (display): dark ground, read from 10 m
    readonly property color wallBg: "#061a40"
    readonly property color wallHeader: "#0b3d91"
    readonly property color wallPanel: "#0d2456"
    readonly property color wallPanelHi: "#12306e"
    readonly property color wallGold: "#ffd24a"
    readonly property color wallText: "#e8f0ff"
    readonly property color wallDim: "#9fb3d9"
    readonly property color wallAlert: "#b91c1c"
    // levels 5 .. 1 on the dark ground
    readonly property var wallLevelColors: ["#22c55e", "#84cc16", "#38bdf8", "#f59e0b", "#ef4444"]

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
