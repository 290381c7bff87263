# Persian: issuing, following and forwarding directives; announcements; the citizen's announcements switch.

menu-issue-directive = 📣 صدور ابلاغیه
menu-follow-directives = 📋 پیگیری ابلاغیه‌ها
menu-received-directives = 📥 ابلاغیه‌های رسیده
menu-announce = 📢 اطلاع‌رسانی همگانی
menu-announcements-on = 🔔 اطلاع‌رسانی‌ها: روشن
menu-announcements-off = 🔕 اطلاع‌رسانی‌ها: خاموش

cmd-directive = صدور ابلاغیهٔ تازه
cmd-directives = پیگیری ابلاغیه‌ها و تأیید دریافت‌ها
cmd-inbox = ابلاغیه‌هایی که به شما رسیده
cmd-announce = اطلاع‌رسانی به شهروندان یا همکاران

list-separator = {"، "}

announcements-turned-on =
    🔔 اطلاع‌رسانی‌ها روشن شد.
    از این پس اطلاعیه‌های همگانی همیار (مانند خبر خدمات تازه یا تغییر ساعت کار دستگاه‌ها) برایتان فرستاده می‌شود. هر زمان بخواهید، با همین دکمهٔ منو یا دکمهٔ «🔕» زیر هر اطلاعیه آن را خاموش کنید.
announcements-turned-off =
    🔕 اطلاع‌رسانی‌ها خاموش شد؛ دیگر اطلاعیهٔ همگانی برایتان فرستاده نمی‌شود.
    پاسخ دستگاه‌ها به پرونده‌هایتان همچنان می‌رسد. برای روشن کردن دوباره، دکمهٔ «🔕 اطلاع‌رسانی‌ها: خاموش» را در منو بزنید.

# Who and where, shared by directives and announcements.
audience-role-assistant = دستیاران مردمی‌سازی شهرستان‌ها
audience-role-provincial = نمایندگان مردمی‌سازی استانداری‌ها
audience-role-ministry = نمایندگان وزیران و رؤسای دستگاه‌ها
btn-audience-continue = ادامه ⬅️
audience-pick-a-role = دست‌کم یک گروه را انتخاب کنید.
region-ask-province = برای کجا؟ یک استان را انتخاب کنید یا «همهٔ کشور» را بزنید.
region-ask-county = در استان { $province }: یک شهرستان را انتخاب کنید یا «همهٔ شهرستان‌های استان» را بزنید.
btn-region-country = 🇮🇷 همهٔ کشور
btn-region-province = 🗺 همهٔ شهرستان‌های استان
region-country = همهٔ کشور
audience-staff-in = { $roles } — { $region }
audience-ministry-everywhere = (نمایندگان دستگاه‌ها به استان وابسته نیستند و همه‌شان دریافت می‌کنند.)
audience-citizens = شهروندانی که اطلاع‌رسانی را روشن کرده‌اند — همهٔ کشور
audience-citizens-in = شهروندانی که اطلاع‌رسانی را روشن کرده‌اند و در { $region } پرونده ثبت کرده‌اند
audience-users = { $count } نفر مشخص
audience-count = { $total } نفر
audience-count-blocked = { $total } نفر؛ { $blocked } نفر از آنان ربات را مسدود کرده‌اند و پیام فقط به { $reach } نفر می‌رسد.
audience-count-none = اکنون کسی در این گروه نیست.

# Issuing a directive.
directive-intro = 📣 صدور ابلاغیه: گام‌به‌گام عنوان، متن، پیوست‌ها، گیرندگان و مهلت را می‌پرسم و پیش از ارسال پیش‌نمایش آن را نشان می‌دهم. هر زمان با «انصراف» یا /cancel خارج شوید.
directive-ask-title = عنوان ابلاغیه را بنویسید ({ $min } تا { $max } نویسه)؛ مثلاً «برگزاری نشست هم‌اندیشی با شبکهٔ مردمی».
directive-ask-body = متن کامل ابلاغیه را بنویسید ({ $min } تا { $max } نویسه):
directive-ask-files =
    اگر ابلاغیه پیوست دارد، آن را بفرستید: یک عکس و حداکثر { $max } سند (PDF، Word و …؛ به صورت فایل). پس از آخرین پیوست دکمهٔ زیر را بزنید.
    پیوست‌های رسیده: { $count }
directive-expect-file = در این مرحله عکس یا فایل سند بفرستید، یا دکمهٔ زیر پیام را بزنید.
directive-one-photo = هر ابلاغیه یک عکس می‌تواند داشته باشد. عکس‌های دیگر را به صورت فایل (سند) بفرستید.
directive-file-received = 📎 پیوست { $count } رسید. پیوست دیگری بفرستید یا دکمهٔ «پایان» را بزنید.
directive-ask-roles = ابلاغیه برای چه کسانی است؟ گروه‌ها را انتخاب کنید (هر دکمه ✅ را روشن و خاموش می‌کند) و سپس «ادامه» را بزنید.
directive-ask-due =
    مهلت انجام ابلاغیه تا کی است؟ یکی از دکمه‌ها را بزنید، یا تاریخ را به شمسی بنویسید — مثلاً { $example } (تا پایان آن روز) یا { $example } 14:00 (به وقت تهران).
btn-due-in-days = { $days } روز دیگر
btn-due-none = ⏭ بدون مهلت
directive-due-format = این تاریخ را نشناختم. تاریخ را به شکل سال/ماه/روز شمسی بنویسید، مثلاً { $example }، و اگر خواستید ساعت را هم پس از آن (مثلاً 14:00).
directive-due-past = این تاریخ گذشته است (اکنون { $now } است). مهلت باید پس از اکنون باشد.
directive-due-too-far = مهلت بیش از یک سال دیگر است. تاریخی نزدیک‌تر بنویسید.
directive-due-passed-meanwhile = ⏰ مهلتی که انتخاب کرده بودید در این فاصله گذشت. لطفاً مهلت تازه‌ای بدهید.
directive-no-due = بدون مهلت
due-end-of-day = تا پایان روز { $date }
directive-preview =
    👁 پیش‌نمایش — ابلاغیه همان‌گونه که به گیرندگان می‌رسد:
    ━━━━━━━━━━
    { $directive }
    ━━━━━━━━━━
    { $details }

    زیر ابلاغیه دکمهٔ «✅ تأیید دریافت» می‌آید و از «📋 پیگیری ابلاغیه‌ها» می‌بینید چه کسانی تأیید کرده‌اند. اگر همه‌چیز درست است «ارسال» را بزنید.
directive-preview-files-line = 📎 پیوست‌ها: { $files }
directive-preview-audience = 👥 گیرندگان: { $audience }
directive-preview-count = 🔢 تعداد: { $count }
directive-preview-no-due = ⏳ مهلت: ندارد
directive-preview-no-files = ندارد
directive-preview-files = { $photos } عکس و { $documents } سند ({ $names })
btn-directive-send = 📤 ارسال ابلاغیه
btn-directive-edit-title = ✏️ عنوان
btn-directive-edit-body = ✏️ متن
btn-directive-edit-files = ✏️ پیوست‌ها
btn-directive-edit-audience = ✏️ گیرندگان
btn-directive-edit-due = ✏️ مهلت
btn-directive-discard = ❌ انصراف از صدور
directive-discarded = ابلاغیه صادر نشد و چیزی فرستاده نشد.
directive-issued =
    ✅ ابلاغیهٔ «{ $title }» صادر شد؛ پیشرفت و نتیجهٔ ارسال آن به { $count } نفر در همان پیام بالا نوشته می‌شود.
    از «📋 پیگیری ابلاغیه‌ها» ببینید چه کسانی دریافت را تأیید کرده‌اند.
directive-issued-nobody =
    ✅ ابلاغیهٔ «{ $title }» صادر شد. اکنون کسی در این گروه نیست؛ همکارانی که تا پیش از پایان مهلت (و حداکثر ۹۰ روز) به همیار بپیوندند آن را دریافت می‌کنند.

# Following directives.
follow-title = ابلاغیه‌هایی که صادر کرده‌اید (تازه‌ترین در بالا). برای دیدن کسانی که هنوز تأیید نکرده‌اند، یکی را انتخاب کنید.
follow-title-all = همهٔ ابلاغیه‌ها (تازه‌ترین در بالا). برای دیدن کسانی که هنوز تأیید نکرده‌اند، یکی را انتخاب کنید.
follow-none = هنوز ابلاغیه‌ای صادر نکرده‌اید. برای صدور، «📣 صدور ابلاغیه» را در منو بزنید.
follow-none-provincial = هنوز ابلاغیه‌ای برای دستیاران استان نفرستاده‌اید. ابلاغیه‌های رسیده را در «📥 ابلاغیه‌های رسیده» ببینید و از همان‌جا برای دستیاران بفرستید.
follow-acknowledged = { $acknowledged } از { $total } تأیید کرده‌اند
follow-card =
    📣 { $title }
    🗓 صدور: { $issued } — { $issuer }
    ⏳ مهلت: { $due }
    👥 گیرندگان: { $audience }

    ✅ { $acknowledged }
    📬 رسیده: { $sent }، ⏳ در صف ارسال: { $pending }، 🚫 ربات را مسدود کرده‌اند: { $blocked }، ❌ ناموفق: { $failed }
follow-cancelled = ⛔️ ارسال این ابلاغیه لغو شد؛ کسانی که پیش از لغو دریافت کرده بودند همچنان می‌توانند تأیید کنند.
follow-nobody-yet = هنوز کسی در این گروه نیست؛ همکارانی که بپیوندند آن را دریافت می‌کنند.
follow-all-acknowledged = 🎉 همهٔ گیرندگان دریافت را تأیید کرده‌اند.
follow-waiting-title = هنوز تأیید نکرده‌اند ({ $count } نفر):
follow-page = — صفحهٔ { $page } از { $pages }
follow-waiting-pending = ⏳ هنوز به او نرسیده
follow-waiting-blocked = 🚫 ربات را مسدود کرده
follow-waiting-failed = ❌ ارسال ناموفق بود
follow-waiting-cancelled = ⛔️ پیش از لغو به او نرسید
follow-not-found = این ابلاغیه پیدا نشد یا پیگیری آن با شما نیست.
follow-refreshed = به‌روز شد.
btn-follow-refresh = 🔄 به‌روزرسانی
btn-follow-list = 📋 فهرست ابلاغیه‌ها
directive-issuer-admin = مدیر سامانه
directive-issuer-ministry = نمایندهٔ دستگاه
directive-issuer-provincial = نمایندهٔ استانداری (بازفرستاده)
directive-issuer-agency = سامانهٔ دستگاه (API)

# Received directives and forwarding them.
received-title = ابلاغیه‌هایی که به شما رسیده (تازه‌ترین در بالا). ⏳ یعنی هنوز دریافت را تأیید نکرده‌اید؛ تأییدنشده: { $waiting }
received-none = هنوز ابلاغیه‌ای به شما نرسیده است. ابلاغیه‌های تازه همین‌جا در گفتگو می‌رسند.
received-not-found = این ابلاغیه پیدا نشد.
received-when = 🗓 رسیده در { $date }
received-acknowledged = ✅ دریافت را تأیید کرده‌اید.
received-not-acknowledged = ⏳ هنوز دریافت را تأیید نکرده‌اید.
received-files = 📎 این ابلاغیه { $count } پیوست دارد که همراه پیام اصلی برایتان فرستاده شد.
received-forwarded = ↪️ آن را { $count } بار برای دستیاران استان فرستاده‌اید.
btn-received-forward = ↪️ ارسال برای دستیاران استان
btn-received-list = 📥 فهرست ابلاغیه‌ها
forward-ask-scope = ابلاغیه را برای دستیاران همهٔ شهرستان‌های استان می‌فرستید یا چند شهرستان را انتخاب می‌کنید؟
btn-forward-all-counties = 🗺 همهٔ شهرستان‌های استان
btn-forward-some-counties = ✔️ انتخاب شهرستان‌ها
btn-forward-back = ↩️ بازگشت به ابلاغیه
forward-ask-counties = شهرستان‌ها را انتخاب کنید (هر دکمه ✅ را روشن و خاموش می‌کند) و سپس «تمام» را بزنید.
forward-pick-a-county = دست‌کم یک شهرستان را انتخاب کنید.
forward-preview =
    ↪️ ارسال ابلاغیهٔ «{ $title }» با همان متن، پیوست‌ها و مهلت
    👥 برای: { $audience }
    🔢 تعداد: { $count }

    با ارسال، دریافت خود شما هم تأیید می‌شود.
btn-forward-send = 📤 ارسال
btn-forward-change = ✏️ تغییر شهرستان‌ها
forward-sent =
    ✅ ابلاغیهٔ «{ $title }» بازفرستاده شد؛ پیشرفت و نتیجهٔ ارسال آن به { $count } دستیار در همان پیام بالا نوشته می‌شود.
    از «📋 پیگیری ابلاغیه‌ها» ببینید چه کسانی دریافت را تأیید کرده‌اند.
forward-sent-nobody = ✅ ابلاغیهٔ «{ $title }» فرستاده شد. اکنون دستیاری در این شهرستان‌ها نیست؛ دستیارانی که بپیوندند آن را دریافت می‌کنند.

# Announcements.
announce-intro = 📢 اطلاع‌رسانی همگانی: گیرندگان، منطقه و پیام را می‌پرسم و پیش از ارسال پیش‌نمایش و تعداد گیرندگان را نشان می‌دهم. هر زمان با «انصراف» یا /cancel خارج شوید.
announce-ask-audience = این اطلاعیه برای چه کسانی است؟
btn-announce-citizens = 👥 شهروندانی که اطلاع‌رسانی را روشن کرده‌اند
btn-announce-staff = 🧑‍💼 همکاران (بر پایهٔ نقش)
announce-ask-roles = کدام همکاران؟ گروه‌ها را انتخاب کنید و سپس «ادامه» را بزنید.
announce-ask-message = متن اطلاعیه را بنویسید ({ $min } تا { $max } نویسه)، یا عکسی با توضیح (کپشن) بفرستید:
announce-ask-caption = متن زیر عکس را بنویسید ({ $min } تا { $max } نویسه)، یا عکس دیگری بفرستید:
announce-photo-received = 🖼 عکس رسید.
announce-expect-message = در این مرحله متن اطلاعیه را بنویسید یا یک عکس بفرستید (سند و پیام صوتی پذیرفته نمی‌شود).
btn-announce-drop-photo = 🗑 بدون عکس
announce-preview =
    👁 پیش‌نمایش — اطلاعیه همان‌گونه که به گیرندگان می‌رسد:
    ━━━━━━━━━━
    { $message }
    ━━━━━━━━━━
    { $photo }
    👥 گیرندگان: { $audience }
    🔢 تعداد (اکنون): { $count }
    🕒 زمان ارسال: { $when }

    { $note }
announce-preview-photo = 🖼 همراه با عکس (متن، زیر عکس می‌آید)
announce-preview-no-photo = 🖼 بدون عکس
announce-preview-now = همین حالا
announce-preview-at = { $at } (به وقت تهران)؛ گیرندگان همان زمان از نو شمرده می‌شوند.
announce-preview-note-citizens = زیر اطلاعیه دکمهٔ «🔕 دیگر اطلاع‌رسانی نفرست» برای شهروندان می‌آید.
announce-preview-note-staff = اطلاعیه بدون دکمه برای همکاران فرستاده می‌شود.
btn-announce-now = 📤 ارسال همین حالا
btn-announce-later = 🕒 ارسال در زمانی دیگر
btn-announce-schedule = ✅ زمان‌بندی برای { $at }
btn-announce-now-instead = 📤 به‌جای آن همین حالا بفرست
btn-announce-edit-time = ✏️ زمان ارسال
btn-announce-edit-message = ✏️ متن یا عکس
btn-announce-edit-audience = ✏️ گیرندگان
btn-announce-edit-region = ✏️ منطقه
btn-announce-discard = ❌ انصراف از ارسال
announce-discarded = اطلاعیه فرستاده نشد.
announce-nobody = اکنون کسی نیست که این اطلاعیه به او برسد. گیرندگان را تغییر دهید یا آن را برای زمانی دیگر زمان‌بندی کنید.
announce-ask-time =
    اطلاعیه چه زمانی فرستاده شود؟ تاریخ شمسی و ساعت را به وقت تهران بنویسید — مثلاً { $example }.
    اکنون: { $now }
btn-announce-tomorrow-9 = 🌅 فردا ساعت ۹ صبح
announce-time-needs-hour = ساعت ارسال را هم بنویسید، مثلاً { $example }.
announce-time-format = این زمان را نشناختم. تاریخ شمسی و ساعت را به شکل { $example } بنویسید.
announce-time-past = این زمان گذشته است (اکنون { $now } است). زمانی پس از اکنون بنویسید.
announce-time-too-far = این زمان بیش از یک سال دیگر است. زمانی نزدیک‌تر بنویسید.
announce-time-passed-meanwhile = ⏰ زمانی که انتخاب کرده بودید در این فاصله گذشت. زمان تازه‌ای بدهید یا همین حالا بفرستید.
announce-sent = ✅ اطلاعیه ثبت شد؛ پیشرفت و نتیجهٔ ارسال آن به { $count } نفر در همان پیام بالا نوشته می‌شود.
announce-scheduled = 🕒 اطلاعیه زمان‌بندی شد و { $at } (به وقت تهران) فرستاده می‌شود. تا آن زمان با دکمهٔ «لغو ارسال» زیر پیام بالا می‌توانید آن را لغو کنید.
announce-scheduled-progress = 🕒 اطلاع‌رسانی «{ $subject }» برای { $at } (به وقت تهران) زمان‌بندی شد. هنگام ارسال، پیشرفت آن همین‌جا نشان داده می‌شود.
