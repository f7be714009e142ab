<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
    <context>
        <name>PadBackend</name>
        <message>
            <source>等候时间长</source>
            <translation>Waited too long</translation>
        </message>
        <message>
            <source>服务态度差</source>
            <translation>Unfriendly service</translation>
        </message>
        <message>
            <source>一次性告知不到位</source>
            <translation>Not told everything at once</translation>
        </message>
        <message>
            <source>办事效率低</source>
            <translation>Slow handling</translation>
        </message>
        <message>
            <source>其他</source>
            <translation>Other</translation>
        </message>
        <message>
            <source>请至少选择一项原因</source>
            <translation>please choose at least one reason</translation>
        </message>
    </context>
    <context>
        <name>PadMain</name>
        <message>
            <source>马上办 · %1号窗口评价器</source>
            <translation>Mashang · Window %1 rating pad</translation>
        </message>
        <message>
            <source>%1号窗口</source>
            <translation>Window %1</translation>
        </message>
        <message>
            <source>工作人员 %1   工号 %2</source>
            <translation>Staff %1   no. %2</translation>
        </message>
        <message>
            <source>本窗口暂无工作人员签到</source>
            <translation>No staff signed in at this window</translation>
        </message>
        <message>
            <source>正在连接大厅…</source>
            <translation>Connecting to the hall…</translation>
        </message>
        <message>
            <source>欢迎光临</source>
            <translation>Welcome</translation>
        </message>
        <message>
            <source>办理结束后,请对我们的服务作出评价</source>
            <translation>When you are done, please rate our service</translation>
        </message>
        <message>
            <source>请为本次服务评价(%1)</source>
            <translation>Please rate this service (%1)</translation>
        </message>
        <message>
            <source>您选择了“%1”,请告诉我们原因(可多选)</source>
            <translation>You chose “%1”: please tell us why (choose any)</translation>
        </message>
        <message>
            <source>返回</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>提交评价</source>
            <translation>Submit</translation>
        </message>
        <message>
            <source>正在提交…</source>
            <translation>Sending…</translation>
        </message>
        <message>
            <source>感谢您的评价!</source>
            <translation>Thank you for your rating!</translation>
        </message>
        <message>
            <source>祝您生活愉快</source>
            <translation>Have a nice day</translation>
        </message>
        <message>
            <source>%1 秒后自动结束评价</source>
            <translation>Closes in %1 s</translation>
        </message>
    </context>
</TS>
