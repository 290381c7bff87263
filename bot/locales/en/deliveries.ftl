# English: directives, announcements and the progress of anything sent to many chats.

delivery-kind-directive = directive
delivery-kind-announcement = announcement
delivery-kind-consultation = consultation
delivery-kind-reminder = reminder
delivery-progress-running =
    📤 Sending the { $kind }: { $done } of { $total }
    { $bar } { $percent }%
    Delivered: { $sent } · blocked the bot: { $blocked } · failed: { $failed }
delivery-progress-done =
    ✅ The { $kind } has been sent.
    Delivered: { $sent } of { $total } · blocked the bot: { $blocked } · failed: { $failed }
delivery-progress-cancelled =
    ⛔️ Sending the { $kind } was cancelled.
    Delivered: { $sent } of { $total } · blocked the bot: { $blocked } · failed: { $failed } · not sent: { $left }
delivery-cancel = ⛔️ Cancel sending
delivery-cancelled = Sending cancelled.
delivery-already-ended = This sending has already finished or been cancelled.

directive-acknowledge = ✅ Acknowledge receipt
directive-acknowledged = Receipt acknowledged. Thank you.
directive-already-acknowledged = You have already acknowledged this directive.
directive-not-yours = This directive is not addressed to you.

announcements-stop = 🔕 Stop announcements
announcements-stopped = You will not get announcements any more. You can turn them back on from the menu.
directive-text =
    📣 Directive: { $title }

    { $body }

    { $due }
directive-reminder-text =
    ⏰ Reminder of a directive: { $title }

    { $body }

    { $due }
directive-due = Due: { $date }
directive-acknowledged-mark = ✔️ Receipt acknowledged
