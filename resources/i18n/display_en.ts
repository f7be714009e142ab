<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
    <context>
        <name>DisplayMain</name>
        <message>
            <source>马上办 · 大厅显示屏</source>
            <translation>Mashang · Hall display</translation>
        </message>
        <message>
            <source>正在重新连接…</source>
            <translation>Reconnecting…</translation>
        </message>
        <message>
            <source>再次呼叫 %1 号 到 %2 号窗口</source>
            <translation>Again: %1 to window %2</translation>
        </message>
        <message>
            <source>请 %1 号 到 %2 号窗口</source>
            <translation>%1 to window %2</translation>
        </message>
        <message>
            <source>欢迎光临,请留意叫号</source>
            <translation>Welcome. Please watch for your number</translation>
        </message>
        <message>
            <source>%1 号窗口</source>
            <translation>Window %1</translation>
        </message>
        <message>
            <source>等候人数</source>
            <translation>Waiting</translation>
        </message>
        <message>
            <source>%1人</source>
            <translation>%1</translation>
        </message>
        <message>
            <source>约%1分</source>
            <translation>~%1 min</translation>
        </message>
        <message>
            <source>随到随办</source>
            <translation>No wait</translation>
        </message>
        <message>
            <source>暂无等候</source>
            <translation>Nobody waiting</translation>
        </message>
        <message>
            <source>办事满意度现场直播</source>
            <translation>Live satisfaction board</translation>
        </message>
        <message>
            <source>今日评价 %1 次 · 满意率 %2</source>
            <translation>%1 ratings today · satisfaction %2</translation>
        </message>
        <message>
            <source>窗口</source>
            <translation>Window</translation>
        </message>
        <message>
            <source>工作人员</source>
            <translation>Staff</translation>
        </message>
        <message>
            <source>评价</source>
            <translation>Ratings</translation>
        </message>
        <message>
            <source>满意率</source>
            <translation>Rate</translation>
        </message>
        <message>
            <source>%1号</source>
            <translation>No. %1</translation>
        </message>
        <message>
            <source>今日暂无评价</source>
            <translation>No ratings today yet</translation>
        </message>
    </context>
</TS>
