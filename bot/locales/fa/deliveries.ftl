# Persian: directives, announcements and the progress of anything sent to many chats.

delivery-kind-directive = ابلاغیه
delivery-kind-announcement = اطلاع‌رسانی
delivery-kind-consultation = نظرخواهی
delivery-kind-reminder = یادآوری
delivery-progress-running =
    📤 ارسال { $kind } «{ $subject }»: { $done } از { $total }
    { $bar } { $percent }٪
    رسیده: { $sent }، ربات را مسدود کرده‌اند: { $blocked }، ناموفق: { $failed }
delivery-progress-done =
    ✅ ارسال { $kind } «{ $subject }» تمام شد.
    رسیده: { $sent } از { $total }، ربات را مسدود کرده‌اند: { $blocked }، ناموفق: { $failed }
delivery-progress-cancelled =
    ⛔️ ارسال { $kind } «{ $subject }» لغو شد.
    رسیده: { $sent } از { $total }، ربات را مسدود کرده‌اند: { $blocked }، ناموفق: { $failed }، ارسال‌نشده: { $left }
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

join-member-welcome = 🤝 خوش آمدید! گفت‌وگوی شما به «{ $name }» در شبکهٔ مردمی شهرستان پیوند خورد. از این پس نظرخواهی‌های دستیار مردمی‌سازی فرمانداری را همین‌جا دریافت می‌کنید.
join-member-already = گفت‌وگوی شما پیش‌تر به «{ $name }» در شبکهٔ مردمی پیوند خورده است.

consultation-answer = ✍️ پاسخ می‌دهم
consultation-answered = پاسخ شما ثبت شد. سپاس از همراهی‌تان.
consultation-already-answered = پاسخ شما به این نظرخواهی پیش‌تر ثبت شده است.
consultation-not-yours = این نظرخواهی برای شما نیست.
consultation-text =
    🗳 نظرخواهی دستیار مردمی‌سازی

    { $question }
consultation-ask-text = پاسخ خود را بنویسید ({ $min } تا { $max } حرف):
report-consultations = نظرخواهی از شبکه: { $held } بار، { $answered } پاسخ از { $asked } عضو

btn-member-invite = 🔗 دعوت به ربات (برای نظرخواهی)
member-invite-created =
    🔗 کد پیوستن «{ $name }» به ربات: { $code }

    این پیوند را برای او بفرستید تا با یک لمس بپیوندد:
    { $link }

    کد یک‌بار مصرف است و تا { $expires } اعتبار دارد. پس از پیوستن، نظرخواهی‌های شما به او می‌رسد.
member-invite-no-link = کافی است در همیار بفرستد: /join { $code }

menu-consult = 🗳 نظرخواهی از شبکه
cmd-consult = نظرخواهی از اعضای شبکه
consult-menu =
    🗳 نظرخواهی از شبکهٔ مردمی

    { $members } عضو شبکه به ربات پیوسته‌اند و نظرخواهی به آن‌ها می‌رسد. (برای پیوستن یک عضو، در «شبکهٔ مردمی» او را باز کنید و «دعوت به ربات» را بزنید.)
    نظرخواهی‌های پیشین: { $past }
consult-new = ➕ نظرخواهی تازه
consult-refresh = 🔄 تازه‌سازی
consult-back = ↩️ بازگشت
consult-ask-question = پرسش را بنویسید؛ مثلاً برنامهٔ یک دستگاه که می‌خواهید نظر شبکه را دربارهٔ آن بدانید ({ $min } تا { $max } حرف):
consult-ask-shape = پاسخ‌ها چگونه باشند؟
consult-shape-options = گزینه‌ای (اعضا یکی را برمی‌گزینند)
consult-shape-text = تشریحی (اعضا پاسخ می‌نویسند)
consult-ask-options = گزینه‌ها را بنویسید (۲ تا { $max } گزینه)، جدا با ویرگول یا هر کدام در یک سطر؛ مثلاً: موافقم، مخالفم، نظری ندارم
consult-options-count = { $count } گزینه رسید؛ ۲ تا { $max } گزینه لازم است. گزینه‌ها را با ویرگول (، یا ,) یا سطر تازه از هم جدا کنید.
consult-option-long = هر گزینه حداکثر ۶۰ حرف باشد.
consult-option-twice = دو گزینه یکسان است؛ گزینه‌ها باید متفاوت باشند.
consult-free-text = (پاسخ تشریحی)
consult-preview =
    پیش‌نمایش نظرخواهی:

    { $question }
    { $options }

    به { $members } عضو پیوسته فرستاده می‌شود.
consult-send = 📤 ارسال
consult-edit = ✏️ نوشتن دوباره
consult-sent = 🗳 نظرخواهی ثبت شد؛ پیشرفت و نتیجهٔ ارسال آن به { $members } عضو در همان پیام بالا نوشته می‌شود. پاسخ‌ها را از «نظرخواهی از شبکه» ببینید؛ در گزارش ماهانه هم شمرده می‌شود.
consult-no-members = هنوز هیچ عضوی از شبکه به ربات نپیوسته است. در «شبکهٔ مردمی» عضو را باز کنید و «دعوت به ربات» را بزنید.
consult-summary-title = 🗳 { $question } ({ $date })
consult-summary-answered = پاسخ داده‌اند: { $answered } از { $asked }
consult-summary-more = و { $more } پاسخ دیگر
