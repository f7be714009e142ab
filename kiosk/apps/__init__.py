"""Qt applications and their shared QML backends: the only place that imports Qt."""
