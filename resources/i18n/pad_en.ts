<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>PadMain</name>
    <message>
        <location filename="../qml/pad/PadMain.qml" line="11"/>
        <source>马上办 · %1号窗口评价器</source>
        <translation>Mashang · Window %1 rating pad</translation>
    </message>
    <message>
        <location filename="../qml/pad/PadMain.qml" line="34"/>
        <source>%1号窗口</source>
        <translation>Window %1</translation>
    </message>
    <message>
        <location filename="../qml/pad/PadMain.qml" line="40"/>
        <source>工作人员 %1   工号 %2</source>
        <translation>Staff %1   no. %2</translation>
    </message>
    <message>
        <location filename="../qml/pad/PadMain.qml" line="41"/>
        <source>本窗口暂无工作人员签到</source>
        <translation>No staff signed in at this window</translation>
    </message>
    <message>
        <location filename="../qml/pad/PadMain.qml" line="51"/>
        <source>正在连接大厅…</source>
        <translation>Connecting to the hall…</translation>
    </message>
    <message>
        <location filename="../qml/pad/PadMain.qml" line="63"/>
        <source>欢迎光临</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <location filename="../qml/pad/PadMain.qml" line="64"/>
        <source>办理结束后,请对我们的服务作出评价</source>
        <translation>When you are done, please rate our service</translation>
    </message>
    <message>
        <location filename="../qml/pad/PadMain.qml" line="75"/>
        <source>请为本次服务评价(%1)</source>
        <translation>Please rate this service (%1)</translation>
    </message>
    <message>
        <location filename="../qml/pad/PadMain.qml" line="130"/>
        <source>您选择了“%1”,请告诉我们原因(可多选)</source>
        <translation>You chose “%1”: please tell us why (choose any)</translation>
    </message>
    <message>
        <location filename="../qml/pad/PadMain.qml" line="130"/>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <location filename="../qml/pad/PadMain.qml" line="130"/>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location filename="../qml/pad/PadMain.qml" line="175"/>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../qml/pad/PadMain.qml" line="185"/>
        <source>提交评价</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location filename="../qml/pad/PadMain.qml" line="196"/>
        <source>正在提交…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location filename="../qml/pad/PadMain.qml" line="205"/>
        <source>感谢您的评价!</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <location filename="../qml/pad/PadMain.qml" line="206"/>
        <source>祝您生活愉快</source>
        <translation>Have a nice day</translation>
    </message>
    <message>
        <location filename="../qml/pad/PadMain.qml" line="219"/>
        <source>%1 秒后自动结束评价</source>
        <translation>Closes in %1 s</translation>
    </message>
</context>
</TS>
