<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
    <context>
        <name>CounterBackend</name>
        <message>
            <source>临时离开</source>
            <translation>Away briefly</translation>
        </message>
        <message>
            <source>业务咨询</source>
            <translation>Consultation</translation>
        </message>
        <message>
            <source>系统故障</source>
            <translation>System fault</translation>
        </message>
        <message>
            <source>会议</source>
            <translation>Meeting</translation>
        </message>
        <message>
            <source>用餐</source>
            <translation>Meal break</translation>
        </message>
        <message>
            <source>暂停服务</source>
            <translation>Paused</translation>
        </message>
        <message>
            <source>办理中</source>
            <comment>window state</comment>
            <translation>Open</translation>
        </message>
        <message>
            <source>未签到</source>
            <translation>Signed off</translation>
        </message>
        <message>
            <source>已叫号,等候群众到窗口</source>
            <translation>called, not here yet</translation>
        </message>
        <message>
            <source>办理中</source>
            <comment>ticket state</comment>
            <translation>being served</translation>
        </message>
        <message>
            <source> · 已重呼 {n} 次</source>
            <translation> · recalled {n}×</translation>
        </message>
        <message>
            <source>大厅没有 {n} 号窗口,请检查配置</source>
            <translation>the hall has no window {n}; check the setup</translation>
        </message>
        <message>
            <source>转本窗口</source>
            <translation>Sent here</translation>
        </message>
        <message>
            <source>绿色通道</source>
            <translation>Green channel</translation>
        </message>
        <message>
            <source>预约</source>
            <translation>Appointment</translation>
        </message>
        <message>
            <source>{name} 已签到</source>
            <translation>{name} signed in</translation>
        </message>
        <message>
            <source>当前没有等候的群众</source>
            <translation>nobody is waiting</translation>
        </message>
        <message>
            <source>请 {n} 号到 {w} 号窗口</source>
            <translation>{n} called to window {w}</translation>
        </message>
        <message>
            <source>当前没有正在办理的票号</source>
            <translation>no ticket at this window</translation>
        </message>
        <message>
            <source>已重呼 {n}</source>
            <translation>{n} recalled</translation>
        </message>
        <message>
            <source>{n} 开始办理</source>
            <translation>serving {n}</translation>
        </message>
        <message>
            <source>{n} 已办结,请群众评价</source>
            <translation>{n} finished; the citizen may rate now</translation>
        </message>
        <message>
            <source>{n} 已过号</source>
            <translation>{n} marked no-show</translation>
        </message>
        <message>
            <source>{n} 已转办</source>
            <translation>{n} transferred</translation>
        </message>
        <message>
            <source>{n} 已转到 {w} 号窗口</source>
            <translation>{n} transferred to window {w}</translation>
        </message>
        <message>
            <source>已暂停服务</source>
            <translation>window paused</translation>
        </message>
        <message>
            <source>暂停服务需填写原因</source>
            <translation>a pause needs a reason</translation>
        </message>
        <message>
            <source>已恢复服务</source>
            <translation>window resumed</translation>
        </message>
        <message>
            <source>强制签退需填写原因</source>
            <translation>an override needs a reason</translation>
        </message>
        <message>
            <source>已签退</source>
            <translation>signed off</translation>
        </message>
        <message>
            <source>评价器: 请群众为 {n} 评价</source>
            <translation>pad: waiting for {n}'s rating</translation>
        </message>
        <message>
            <source>评价器: {n} {level}</source>
            <translation>pad: {n} rated {level}</translation>
        </message>
        <message>
            <source>评价器: {n} 未评价</source>
            <translation>pad: {n} not rated</translation>
        </message>
        <message>
            <source>评价器: {n} 已评价</source>
            <translation>pad: {n} already rated</translation>
        </message>
        <message>
            <source>评价器: </source>
            <translation>pad: </translation>
        </message>
    </context>
    <context>
        <name>CounterMain</name>
        <message>
            <source>马上办 · %1号窗口</source>
            <translation>Mashang · Window %1</translation>
        </message>
        <message>
            <source>%1号窗口</source>
            <translation>Window %1</translation>
        </message>
        <message>
            <source>工作人员 %1 (工号 %2)</source>
            <translation>Staff %1 (no. %2)</translation>
        </message>
        <message>
            <source>暂停服务</source>
            <translation>Pause</translation>
        </message>
        <message>
            <source>已连接</source>
            <translation>Online</translation>
        </message>
        <message>
            <source>连接中…</source>
            <translation>Connecting…</translation>
        </message>
        <message>
            <source>与大厅断开,正在重连</source>
            <translation>Hall link lost, reconnecting</translation>
        </message>
        <message>
            <source>当前办理</source>
            <translation>At the window</translation>
        </message>
        <message>
            <source>暂停服务中:%1</source>
            <translation>Paused: %1</translation>
        </message>
        <message>
            <source>— 空闲 —</source>
            <translation>— free —</translation>
        </message>
        <message>
            <source>叫号</source>
            <translation>Call next</translation>
        </message>
        <message>
            <source>重呼</source>
            <translation>Recall</translation>
        </message>
        <message>
            <source>开始办理</source>
            <translation>Start</translation>
        </message>
        <message>
            <source>办结</source>
            <translation>Finish</translation>
        </message>
        <message>
            <source>过号</source>
            <translation>No-show</translation>
        </message>
        <message>
            <source>转办</source>
            <translation>Transfer</translation>
        </message>
        <message>
            <source>恢复服务</source>
            <translation>Resume</translation>
        </message>
        <message>
            <source>呼叫选中</source>
            <translation>Call chosen</translation>
        </message>
        <message>
            <source>签退</source>
            <translation>Sign off</translation>
        </message>
        <message>
            <source>今日办结 %1 件</source>
            <translation>Served today: %1</translation>
        </message>
        <message>
            <source>今日满意率 %1% (评价 %2 次)</source>
            <translation>Satisfaction today %1% (%2 ratings)</translation>
        </message>
        <message>
            <source>今日暂无评价</source>
            <translation>No ratings today yet</translation>
        </message>
        <message>
            <source>本窗口业务等候</source>
            <translation>Waiting for this window's services</translation>
        </message>
        <message>
            <source>%1 无人等候</source>
            <translation>%1: nobody waiting</translation>
        </message>
        <message>
            <source>%1 等候 %2 人 · 约 %3 分钟</source>
            <translation>%1: %2 waiting · ~%3 min</translation>
        </message>
        <message>
            <source>等候中 %1 人(点选后按“呼叫选中”)</source>
            <translation>%1 waiting (tap one, then “Call chosen”)</translation>
        </message>
        <message>
            <source>处理中…</source>
            <translation>Working…</translation>
        </message>
        <message>
            <source>F1 叫号 · F2 重呼 · F3 开始 · F4 办结 · F5 过号 · F6 转办 · F7 暂停/恢复 · F8 呼叫选中 · F9 签退 · F12 中文/English</source>
            <translation>F1 call · F2 recall · F3 start · F4 finish · F5 no-show · F6 transfer · F7 pause/resume · F8 call chosen · F9 sign off · F12 中文/English</translation>
        </message>
        <message>
            <source>工作人员签到</source>
            <translation>Staff sign-in</translation>
        </message>
        <message>
            <source>本窗口今日不办公,不能签到</source>
            <translation>This window does not work today: no sign-in</translation>
        </message>
        <message>
            <source>工号</source>
            <translation>Staff ID</translation>
        </message>
        <message>
            <source>例如 S001</source>
            <translation>e.g. S001</translation>
        </message>
        <message>
            <source>密码</source>
            <translation>PIN</translation>
        </message>
        <message>
            <source>签到</source>
            <translation>Sign in</translation>
        </message>
        <message>
            <source>暂停服务:请选择原因</source>
            <translation>Pause: choose a reason</translation>
        </message>
        <message>
            <source>其他原因</source>
            <translation>Other reason</translation>
        </message>
        <message>
            <source>确定</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>转办 %1:选择业务或窗口</source>
            <translation>Transfer %1: choose a service or a window</translation>
        </message>
        <message>
            <source>转到业务(排在该业务队首)</source>
            <translation>To a service (head of its queue)</translation>
        </message>
        <message>
            <source>转到窗口</source>
            <translation>To a window</translation>
        </message>
        <message>
            <source>%1号</source>
            <translation>No. %1</translation>
        </message>
        <message>
            <source>不能签退</source>
            <translation>Cannot sign off</translation>
        </message>
        <message>
            <source>确需签退,请填写原因(将记录在案):</source>
            <translation>To sign off anyway, give a reason (it is recorded):</translation>
        </message>
        <message>
            <source>继续办理</source>
            <translation>Keep serving</translation>
        </message>
        <message>
            <source>强制签退</source>
            <translation>Sign off anyway</translation>
        </message>
    </context>
</TS>
