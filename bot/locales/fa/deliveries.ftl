# Persian: directives, announcements and the progress of anything sent to many chats.

delivery-kind-directive = ابلاغیه
delivery-kind-announcement = اطلاع‌رسانی
delivery-kind-consultation = نظرخواهی
delivery-kind-reminder = یادآوری
delivery-progress-running =
    📤 ارسال { $kind }: { $done } از { $total }
    { $bar } { $percent }٪
    رسیده: { $sent } · ربات را مسدود کرده‌اند: { $blocked } · ناموفق: { $failed }
delivery-progress-done =
    ✅ ارسال { $kind } تمام شد.
    رسیده: { $sent } از { $total } · ربات را مسدود کرده‌اند: { $blocked } · ناموفق: { $failed }
delivery-progress-cancelled =
    ⛔️ ارسال { $kind } لغو شد.
    رسیده: { $sent } از { $total } · ربات را مسدود کرده‌اند: { $blocked } · ناموفق: { $failed } · ارسال‌نشده: { $left }
delivery-cancel = ⛔️ لغو ارسال
delivery-cancelled = ارسال لغو شد.
delivery-already-ended = این ارسال پیش‌تر تمام یا لغو شده است.

directive-acknowledge = ✅ تأیید دریافت
directive-acknowledged = دریافت ابلاغیه تأیید شد. سپاس.
directive-already-acknowledged = دریافت این ابلاغیه را پیش‌تر تأیید کرده‌اید.
directive-not-yours = این ابلاغیه برای شما نیست.

announcements-stop = 🔕 دیگر اطلاع‌رسانی نفرست
announcements-stopped = دیگر اطلاع‌رسانی برایتان فرستاده نمی‌شود. از منو می‌توانید دوباره آن را روشن کنید.
directive-text =
    📣 ابلاغیه: { $title }

    { $body }

    { $due }
directive-reminder-text =
    ⏰ یادآوری ابلاغیه: { $title }

    { $body }

    { $due }
directive-due = مهلت: { $date }
directive-acknowledged-mark = ✔️ دریافت تأیید شد
