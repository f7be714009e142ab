<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AdminPinScreen</name>
    <message>
        <source>管理员登录</source>
        <translation>Staff sign-in</translation>
    </message>
    <message>
        <source>请输入管理密码</source>
        <translation>Enter the admin PIN</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>AdminScreen</name>
    <message>
        <source>设备维护</source>
        <translation>Device maintenance</translation>
    </message>
    <message>
        <source>上一张号票:%1</source>
        <translation>Last ticket: %1</translation>
    </message>
    <message>
        <source>本次开机尚未出票</source>
        <translation>No ticket printed since start-up</translation>
    </message>
    <message>
        <source>补打上一张号票</source>
        <translation>Reprint the last ticket</translation>
    </message>
    <message>
        <source>已更换纸卷,检查打印机</source>
        <translation>Paper replaced: check the printer</translation>
    </message>
    <message>
        <source>退出取号程序</source>
        <translation>Exit the kiosk app</translation>
    </message>
    <message>
        <source>返回首页</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>CardScreen</name>
    <message>
        <source>请将身份证放在读卡区</source>
        <translation>Place your ID card on the reader</translation>
    </message>
    <message>
        <source>刷身份证核验年龄后,%1 岁以上老人走绿色通道优先叫号</source>
        <translation>After the card confirms your age, citizens aged %1+ are called first (green channel)</translation>
    </message>
    <message>
        <source>办理该业务需要核验身份证</source>
        <translation>This service needs your ID card</translation>
    </message>
    <message>
        <source>读卡区</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <source>没带身份证?手动输入身份证号</source>
        <translation>No card with you? Type your ID number</translation>
    </message>
    <message>
        <source>不刷卡,取普通号</source>
        <translation>No card: take a normal ticket</translation>
    </message>
    <message>
        <source>返回首页</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>Countdown</name>
    <message>
        <source>%1 秒后返回首页</source>
        <translation>Back to start in %1 s</translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <source>已为您补打号票</source>
        <translation>Your ticket was printed again</translation>
    </message>
    <message>
        <source>取号成功</source>
        <translation>Here is your ticket</translation>
    </message>
    <message>
        <source>绿色通道 · 优先叫号</source>
        <translation>Green channel · called first</translation>
    </message>
    <message>
        <source>取号人:%1</source>
        <translation>Holder: %1</translation>
    </message>
    <message>
        <source>前面等候</source>
        <translation>People ahead</translation>
    </message>
    <message>
        <source>%1 人</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>预计等候</source>
        <translation>Estimated wait</translation>
    </message>
    <message>
        <source>不到 1 分钟</source>
        <translation>under 1 min</translation>
    </message>
    <message>
        <source>约 %1 分钟</source>
        <translation>about %1 min</translation>
    </message>
    <message>
        <source>号票未能打印。您的号码已登记,请记住上面的号码,或到服务台补打号票。</source>
        <translation>The ticket could not be printed. Your number is registered: remember the number above, or ask the service desk to print it.</translation>
    </message>
    <message>
        <source>请取走号票,留意叫号屏幕和语音广播</source>
        <translation>Take your ticket and watch the call screens</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>Header</name>
    <message>
        <source>政务服务大厅</source>
        <translation>Government service hall</translation>
    </message>
    <message>
        <source>标准模式</source>
        <translation>Standard mode</translation>
    </message>
    <message>
        <source>长辈模式</source>
        <translation>Elder mode</translation>
    </message>
    <message>
        <source>字体复原</source>
        <translation>Normal text</translation>
    </message>
    <message>
        <source>大字 · 语音</source>
        <translation>Large text · voice</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>请选择您要办理的业务</source>
        <translation>Please choose a service</translation>
    </message>
    <message>
        <source>正在连接大厅服务器…</source>
        <translation>Connecting to the hall server…</translation>
    </message>
    <message>
        <source>✓ 已选绿色通道:请选择业务,再刷身份证</source>
        <translation>✓ Green channel: choose a service, then place your ID card</translation>
    </message>
    <message>
        <source>绿色通道 · %1 岁以上老人优先</source>
        <translation>Green channel · citizens aged %1+ first</translation>
    </message>
    <message>
        <source>再点一次取消</source>
        <translation>Tap again to cancel</translation>
    </message>
    <message>
        <source>点此后选择业务,刷身份证即可优先叫号</source>
        <translation>Tap, choose a service and place your ID card to be called first</translation>
    </message>
</context>
<context>
    <name>KioskBackend</name>
    <message>
        <source>暂停取号</source>
        <translation>Tickets paused</translation>
    </message>
    <message>
        <source>暂时无法连接大厅服务器,请稍候再试或到服务台咨询。</source>
        <translation>The hall server cannot be reached right now. Please try again shortly or ask at the service desk.</translation>
    </message>
    <message>
        <source>打印机缺纸,请到服务台取号</source>
        <translation>The printer is out of paper: please go to the service desk</translation>
    </message>
    <message>
        <source>打印机暂时无法使用,请到服务台取号</source>
        <translation>The printer is not working: please go to the service desk</translation>
    </message>
    <message>
        <source>暂时无法打印号票</source>
        <translation>Tickets cannot be printed right now</translation>
    </message>
    <message>
        <source>正在取号,请稍候…</source>
        <translation>Getting your ticket…</translation>
    </message>
    <message>
        <source>正在打印号票,请稍候…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <source>无法读取此证件,请重新放置,或手动输入身份证号</source>
        <translation>This card cannot be read. Place it again, or type your ID number.</translation>
    </message>
    <message>
        <source>读卡器暂时无法使用,请手动输入身份证号</source>
        <translation>The card reader is not working: please type your ID number</translation>
    </message>
    <message>
        <source>身份证号码有误,请检查后重新输入</source>
        <translation>This ID number is not valid. Please check it and try again.</translation>
    </message>
    <message>
        <source>绿色通道仅限 {age} 岁以上老人,已为您取普通号</source>
        <translation>The green channel is for citizens aged {age}+; you have a normal ticket</translation>
    </message>
    <message>
        <source>已为您开通绿色通道({age} 岁以上),优先叫号</source>
        <translation>Green channel (aged {age}+): you will be called first</translation>
    </message>
    <message>
        <source>该业务暂不可取号</source>
        <translation>No tickets for this service now</translation>
    </message>
    <message>
        <source>该业务今日 {time} 开始取号。办理时间:{hours}</source>
        <translation>Tickets for this service start at {time} today. Hours: {hours}</translation>
    </message>
    <message>
        <source>该业务现在不办理。办理时间:{hours}</source>
        <translation>This service is closed now. Hours: {hours}</translation>
    </message>
    <message>
        <source>今日号已取完</source>
        <translation>All tickets taken today</translation>
    </message>
    <message>
        <source>该业务今日的号已全部取完,请明天再来,或到服务台咨询。</source>
        <translation>All of today&apos;s tickets for this service are taken. Please come back tomorrow or ask at the service desk.</translation>
    </message>
    <message>
        <source>您已取过该业务的号</source>
        <translation>You already have a ticket for this service</translation>
    </message>
    <message>
        <source>未能取号</source>
        <translation>No ticket was issued</translation>
    </message>
    <message>
        <source>大厅服务器响应超时,请稍后再试或到服务台咨询。</source>
        <translation>The hall server did not answer in time. Please try again shortly or ask at the service desk.</translation>
    </message>
    <message>
        <source>系统出现问题,请到服务台咨询。</source>
        <translation>Something went wrong. Please ask at the service desk.</translation>
    </message>
    <message>
        <source>已补打号票 {number}</source>
        <translation>Ticket {number} printed again</translation>
    </message>
    <message>
        <source>还没有可补打的号票</source>
        <translation>No ticket to reprint yet</translation>
    </message>
    <message>
        <source>打印机正常,可以取号</source>
        <translation>The printer is ready</translation>
    </message>
    <message>
        <source>打印机仍有问题:{problem}</source>
        <translation>The printer still has a problem: {problem}</translation>
    </message>
    <message>
        <source>密码错误</source>
        <translation>Wrong PIN</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>正在连接</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <source>未连接</source>
        <translation>Not connected</translation>
    </message>
    <message>
        <source>号票打印机</source>
        <translation>Ticket printer</translation>
    </message>
    <message>
        <source>身份证读卡器</source>
        <translation>ID card reader</translation>
    </message>
    <message>
        <source>大厅服务器</source>
        <translation>Hall server</translation>
    </message>
    <message>
        <source>全部服务</source>
        <translation>All services</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>马上办 取号机</source>
        <translation>Mashang ticket kiosk</translation>
    </message>
    <message>
        <source>暂停取号 · 与大厅服务器的连接已中断</source>
        <translation>Tickets paused · no connection to the hall server</translation>
    </message>
    <message>
        <source>正在自动重新连接,恢复后即可取号。急需办理请到服务台。</source>
        <translation>Reconnecting automatically; tickets resume as soon as it is back. If urgent, please go to the service desk.</translation>
    </message>
    <message>
        <source>已通知工作人员处理。</source>
        <translation>Staff have been notified.</translation>
    </message>
</context>
<context>
    <name>ManualIdScreen</name>
    <message>
        <source>请输入身份证号码</source>
        <translation>Enter your ID card number</translation>
    </message>
    <message>
        <source>18 位号码,最后一位可能是 X。出生日期部分不在屏幕上显示。</source>
        <translation>18 characters; the last may be X. The birth date part is not shown on screen.</translation>
    </message>
    <message>
        <source>请输入</source>
        <translation>Type here</translation>
    </message>
    <message>
        <source>已输入 %1 / 18 位</source>
        <translation>%1 of 18 entered</translation>
    </message>
    <message>
        <source>返回首页</source>
        <translation>Back to start</translation>
    </message>
    <message>
        <source>确认取号</source>
        <translation>Get ticket</translation>
    </message>
</context>
<context>
    <name>MessageScreen</name>
    <message>
        <source>补打这张号票</source>
        <translation>Print this ticket again</translation>
    </message>
    <message>
        <source>返回首页</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>ServiceTile</name>
    <message>
        <source>需身份证</source>
        <translation>ID card</translation>
    </message>
    <message>
        <source>今日号已取完</source>
        <translation>All tickets taken today</translation>
    </message>
    <message>
        <source>%1 开始取号</source>
        <translation>Tickets from %1</translation>
    </message>
    <message>
        <source>暂停取号 · 办理时间</source>
        <translation>No tickets now · opening hours</translation>
    </message>
    <message>
        <source>无需等候</source>
        <translation>No wait</translation>
    </message>
    <message>
        <source>等候 %1 人 · 约 %2 分钟</source>
        <translation>%1 waiting · about %2 min</translation>
    </message>
</context>
</TS>
