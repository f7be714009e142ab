<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CounterMain</name>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="11"/>
        <source>马上办 · %1号窗口</source>
        <translation>Mashang · Window %1</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="86"/>
        <source>%1号窗口</source>
        <translation>Window %1</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="96"/>
        <source>工作人员 %1 (工号 %2)</source>
        <translation>Staff %1 (no. %2)</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="109"/>
        <location filename="../qml/counter/CounterMain.qml" line="157"/>
        <source>办理中</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="109"/>
        <location filename="../qml/counter/CounterMain.qml" line="178"/>
        <source>暂停服务</source>
        <translation>Paused</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="109"/>
        <source>未签到</source>
        <translation>Signed off</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="122"/>
        <source>已连接</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="122"/>
        <source>连接中…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="122"/>
        <source>与大厅断开,正在重连</source>
        <translation>Hall link lost, reconnecting</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="144"/>
        <source>当前办理</source>
        <translation>At the window</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="147"/>
        <source>暂停服务中:%1</source>
        <translation>Paused: %1</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="147"/>
        <source>— 空闲 —</source>
        <translation>— free —</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="156"/>
        <source>%1 · %2%3</source>
        <translation>%1 · %2%3</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="157"/>
        <source>已叫号,等候群众到窗口</source>
        <translation>called, waiting for the citizen</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="158"/>
        <source> · 已重呼 %1 次</source>
        <translation> · recalled %1×</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="170"/>
        <source>叫号</source>
        <translation>Call next</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="171"/>
        <source>重呼</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="172"/>
        <source>开始办理</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="173"/>
        <source>办结</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="174"/>
        <source>过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="175"/>
        <source>转办</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="178"/>
        <source>恢复服务</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="184"/>
        <source>呼叫选中</source>
        <translation>Call chosen</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="188"/>
        <source>签退</source>
        <translation>Sign off</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="199"/>
        <source>今日办结 %1 件</source>
        <translation>Served today: %1</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="203"/>
        <source>今日满意率 %1% (评价 %2 次)</source>
        <translation>Satisfaction today %1% (%2 ratings)</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="204"/>
        <source>今日暂无评价</source>
        <translation>No ratings today yet</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="211"/>
        <source>非常满意 %1 · 满意 %2 · 基本满意 %3 · 不满意 %4 · 非常不满意 %5</source>
        <translation>Very satisfied %1 · Satisfied %2 · Mostly %3 · Dissatisfied %4 · Very dissatisfied %5</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="230"/>
        <source>本窗口业务等候</source>
        <translation>Waiting for this window's services</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="246"/>
        <source>%1 无人等候</source>
        <translation>%1: nobody waiting</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="247"/>
        <source>%1 等候 %2 人 · 约 %3 分钟</source>
        <translation>%1: %2 waiting · ~%3 min</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="257"/>
        <source>等候中 %1 人(点选后按“呼叫选中”)</source>
        <translation>%1 waiting (choose one, then “Call chosen”)</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="289"/>
        <source>转本窗口</source>
        <translation>Sent here</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="289"/>
        <source>绿色通道</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="289"/>
        <source>预约</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="311"/>
        <source>处理中…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="311"/>
        <source>F1 叫号 · F2 重呼 · F3 开始 · F4 办结 · F5 过号 · F6 转办 · F7 暂停/恢复 · F8 呼叫选中 · F9 签退 · F12 中文/English</source>
        <translation>F1 call · F2 recall · F3 start · F4 finish · F5 no-show · F6 transfer · F7 pause/resume · F8 call chosen · F9 sign off · F12 中文/English</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="334"/>
        <source>工作人员签到</source>
        <translation>Staff sign-in</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="335"/>
        <source>工号</source>
        <translation>Staff ID</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="341"/>
        <source>例如 S001</source>
        <translation>e.g. S001</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="345"/>
        <source>密码</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="356"/>
        <source>签到</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="372"/>
        <source>暂停服务:请选择原因</source>
        <translation>Pause: choose a reason</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="389"/>
        <source>其他原因</source>
        <translation>Other reason</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="390"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="392"/>
        <location filename="../qml/counter/CounterMain.qml" line="438"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="403"/>
        <source>转办 %1:选择业务或窗口</source>
        <translation>Transfer %1: choose a service or a window</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="407"/>
        <source>转到业务(排在该业务队首)</source>
        <translation>To a service (head of its queue)</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="422"/>
        <source>转到窗口</source>
        <translation>To a window</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="431"/>
        <source>%1号</source>
        <translation>No. %1</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="450"/>
        <source>不能签退</source>
        <translation>Cannot sign off</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="461"/>
        <source>确需签退,请填写原因(将记录在案):</source>
        <translation>To sign off anyway, give a reason (it is recorded):</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="465"/>
        <source>继续办理</source>
        <translation>Keep serving</translation>
    </message>
    <message>
        <location filename="../qml/counter/CounterMain.qml" line="468"/>
        <source>强制签退</source>
        <translation>Sign off anyway</translation>
    </message>
</context>
</TS>
