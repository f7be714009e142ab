<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
    <context>
        <name>Backend</name>
        <message>
            <source>操作失败,请重试</source>
            <translation>The operation failed; please try again</translation>
        </message>
    </context>
</TS>
