# Persian: the staff's side of Hamyar (seed 004): joining, the network, activities, monthly reports, invites.

menu-network = 🤝 شبکهٔ مردمی
menu-log-activity = ➕ ثبت فعالیت
menu-activities = 🗂 فعالیت‌های ثبت‌شده
menu-monthly-report = 📊 گزارش ماهانه
menu-review-reports = 📥 گزارش‌های ماهانهٔ شهرستان‌ها
menu-quarterly-report = 📈 گزارش فصلی
menu-invite = 🎟 دعوت همکار
menu-staff = 👥 همکاران

cmd-network = شبکهٔ مردمی شهرستان
cmd-activity = ثبت فعالیت تازه
cmd-activities = فعالیت‌های ثبت‌شده
cmd-report = گزارش ماهانه
cmd-reviews = گزارش‌های ماهانهٔ رسیده
cmd-quarterly = گزارش فصلی استان
cmd-invite = ساخت کد دعوت همکار
cmd-staff = فهرست همکاران

role-assistant = دستیار مردمی‌سازی
role-provincial = نمایندهٔ مردمی‌سازی استانداری
role-ministry = نمایندهٔ وزیر / رئیس دستگاه
role-admin = مدیر سامانه
role-in-place = { $role } { $place }
place-county = شهرستان { $county } (استان { $province })
place-province = استان { $province }
place-agency = در { $agency }
place-everywhere = (همهٔ کشور)

join-how = برای پیوستن به همکاران همیار، کد دعوتی را که مدیر سامانه به شما داده بفرستید: /join کد
join-unknown = این کد دعوت معتبر نیست (ممکن است اشتباه تایپ شده، قبلاً استفاده شده یا منقضی شده باشد). کد تازه‌ای از مدیر سامانه بگیرید.
join-held-off = تلاش‌های ناموفق شما برای کد دعوت زیاد بوده است. لطفاً یک ساعت دیگر دوباره امتحان کنید.
join-welcome =
    🎉 خوش آمدید! شما اکنون { $role } هستید.
    کارهای نقش شما در منوی پایین آمده است.
join-already = شما پیش‌تر با همین کد پیوسته‌اید و { $role } هستید.

invite-ask-role = همکار تازه چه نقشی دارد؟
invite-ask-province = استان را انتخاب کنید:
invite-ask-county = شهرستان را انتخاب کنید:
invite-ask-agency = دستگاه را انتخاب کنید:
invite-created =
    🎟 کد دعوت برای { $role } ساخته شد:

    { $code }

    { $link }

    این کد یک بار کار می‌کند و تا { $days } روز ({ $expires }) معتبر است. آن را فقط برای همان شخص بفرستید؛ دوباره نمایش داده نمی‌شود.
invite-no-link = همکار کافی است در همیار بفرستد: /join { $code }

staff-title = همکاران و نقش‌هایشان:
staff-card = { $who }
staff-not-found = این همکار پیدا نشد یا دیگر نقشی ندارد.
staff-revoked = نقش این همکار گرفته شد؛ از پیام بعدی‌اش شهروند عادی است.
btn-staff-revoke = ⛔️ گرفتن نقش
btn-staff-list = 👥 فهرست همکاران

network-title = اعضای شبکهٔ مردمی شهرستان (فعال: { $count }). برای دیدن یا ویرایش، عضو را انتخاب کنید.
btn-member-new = ➕ عضو تازه
btn-member-list = 📋 فهرست اعضا
btn-member-deactivate = ⏸ غیرفعال کردن
btn-member-activate = ▶️ فعال کردن دوباره
btn-edit-name = ✏️ نام
btn-edit-domain = ✏️ حوزه
btn-edit-phone = ✏️ تلفن
btn-edit-notes = ✏️ یادداشت
member-kind-circle = حلقهٔ میانی
member-kind-helper = همیار مردمی
member-form-person = فرد
member-form-group = گروه
member-domain-social = اجتماعی
member-domain-cultural = فرهنگی
member-domain-economic = اقتصادی
member-domain-religious = مذهبی
member-domain-scientific = علمی
member-domain-sports = ورزشی
member-domain-other = سایر
member-active = فعال
member-inactive = غیرفعال
member-card =
    👤 { $name }
    نوع: { $kind } ({ $form })
    حوزه: { $domain }
    تلفن: { $phone }
    یادداشت: { $notes }
    وضعیت: { $state }
member-ask-kind = عضو تازه از کدام دسته است؟
member-ask-form = فرد است یا گروه؟
member-ask-name = نام و نام خانوادگی را بنویسید ({ $min } تا { $max } نویسه):
member-ask-group-name = نام گروه را بنویسید ({ $min } تا { $max } نویسه):
member-ask-domain = حوزهٔ فعالیت:
member-ask-phone = شمارهٔ تلفن همراه یا ثابت (با کد شهر) را بنویسید، یا «فعلاً نه» را بزنید:
member-bad-phone = این شماره درست نیست. شمارهٔ همراه مانند ۰۹۱۲۳۴۵۶۷۸۹ یا ثابت با کد شهر مانند ۰۲۶۳۴۵۶۷۸۹۰ بنویسید.
member-ask-notes = یادداشت (اختیاری، تا { $max } نویسه) یا «فعلاً نه»:
member-registered = ✅ «{ $name }» در شبکه ثبت شد.
member-saved = ✅ ذخیره شد.
member-activated = عضو دوباره فعال شد.
member-deactivated = عضو غیرفعال شد؛ در فهرست می‌ماند ولی برای فعالیت‌های تازه پیشنهاد نمی‌شود.
member-not-found = این عضو پیدا نشد.

activity-kind-topical_meeting = نشست تخصصی با دستگاه‌ها
activity-kind-joint_session = جلسهٔ مشترک شبکه، دستگاه‌ها و شوراها
activity-kind-officials_among_people = حضور مسئولان در میان مردم
activity-kind-peoples_proposal = پیشنهاد مردمی
activity-kind-process_identified = شناسایی فرایند زائد یا طولانی
activity-kind-participatory_project = طرح مشارکتی
activity-kind-religious_national_event = مناسبت مذهبی یا ملی
activity-kind-other = سایر
progress-reported = گزارش‌شده
progress-in_progress = در دست اقدام
progress-done = انجام شد
progress-rejected = رد شد
activity-ask-kind = نوع فعالیت را انتخاب کنید:
activity-ask-day = فعالیت چه روزی انجام شد؟ «امروز» یا «دیروز» را بزنید یا تاریخ را به شمسی بنویسید (مثلاً { $example }).
btn-today = امروز
btn-yesterday = دیروز
activity-day-format = تاریخ را به شکل سال/ماه/روز شمسی بنویسید، مثلاً ۱۴۰۵/۰۹/۱۲.
activity-day-no-such-day = چنین روزی در تقویم نیست (مثلاً ۳۱ مهر یا ۳۰ اسفند سال غیرکبیسه). تاریخ را بررسی کنید.
activity-day-future = این تاریخ هنوز نرسیده است. تاریخ روزی را بنویسید که فعالیت انجام شد.
activity-day-too-old = فقط فعالیت‌های این ماه و ماه گذشته را می‌توان ثبت کرد.
activity-ask-participants = چند نفر شرکت کردند؟ (یک عدد)
activity-participants-bad = تعداد شرکت‌کنندگان را به صورت یک عدد بنویسید (دست‌کم ۱).
activity-ask-members = کدام اعضای شبکه در این فعالیت بودند؟ روی نام‌ها بزنید و در پایان دکمهٔ پایین فهرست را بزنید.
activity-ask-agencies = کدام دستگاه‌ها در این فعالیت بودند؟ انتخاب کنید و در پایان دکمهٔ پایین فهرست را بزنید.
btn-picked-done = ✅ تمام ({ $count } انتخاب)
btn-picked-none = ⏭ هیچ‌کدام
activity-ask-description = شرح فعالیت را بنویسید ({ $min } تا { $max } نویسه):
activity-ask-outcome = نتیجه یا دستاورد (اختیاری، تا { $max } نویسه) یا «فعلاً نه»:
activity-ask-photos = عکس‌های فعالیت را بفرستید (تا { $max } عکس؛ تاکنون { $count }). در پایان دکمهٔ زیر را بزنید.
activity-expect-photo = لطفاً عکس بفرستید یا دکمهٔ زیر را بزنید.
activity-summary =
    📋 خلاصهٔ فعالیت
    نوع: { $kind }
    تاریخ: { $day }
    شرکت‌کنندگان: { $participants } نفر
    اعضای شبکه: { $members }
    دستگاه‌ها: { $agencies }
    شرح: { $description }
    نتیجه: { $outcome }
    عکس‌ها: { $photos }
btn-activity-save = ✅ ثبت فعالیت
btn-activity-restart = 🔄 از نو
activity-saved = ✅ فعالیت «{ $kind }» ثبت شد و در گزارش ماهانه شمرده می‌شود.
activity-saved-tracked = ✅ «{ $kind }» ثبت شد. وضعیت آن «گزارش‌شده» است؛ هر وقت پیش رفت، از «فعالیت‌های ثبت‌شده» به‌روزش کنید.
activity-month-locked = گزارش ماهانهٔ آن ماه ارسال شده است و فعالیت‌هایش دیگر تغییر نمی‌کند.
activities-title = فعالیت‌های ثبت‌شده (تازه‌ترین نخست):
activity-card =
    📌 { $kind }
    تاریخ: { $day }
    شرکت‌کنندگان: { $participants } نفر
    اعضای شبکه: { $members }
    دستگاه‌ها: { $agencies }
    شرح: { $description }
    نتیجه: { $outcome }
    عکس‌ها: { $photos }
    وضعیت پیگیری: { $progress }
activity-not-found = این فعالیت پیدا نشد.
btn-edit-description = ✏️ اصلاح شرح
btn-edit-outcome = ✏️ اصلاح نتیجه
btn-edit-participants = ✏️ تعداد شرکت‌کنندگان
btn-activity-delete = 🗑 حذف
btn-activities-list = 🗂 فهرست فعالیت‌ها
btn-yes-delete = بله، حذف شود
btn-no-keep = نه
activity-confirm-delete = این فعالیت حذف شود؟
activity-deleted = فعالیت حذف شد.
activity-edited = ✅ شرح فعالیت اصلاح شد.
progress-ask-reason = چرا رد شد؟ دلیل را بنویسید ({ $min } تا { $max } نویسه):
progress-saved = ✅ وضعیت پیگیری ذخیره شد.

report-ask-month = گزارش کدام ماه؟
report-month-closed = گزارش این ماه دیگر قابل نوشتن نیست.
report-not-found = این گزارش پیدا نشد.
report-title = 📊 گزارش ماهانهٔ { $month } { $county }
report-status = وضعیت: { $status }
report-status-draft = پیش‌نویس
report-status-submitted = ارسال‌شده، در انتظار بررسی
report-status-returned = برگشت‌خورده برای اصلاح
report-status-accepted = پذیرفته‌شده
report-returned-note = یادداشت نماینده: { $note }
report-activities = فعالیت‌ها: { $total } (شرکت‌کنندگان: { $participants } نفر)
report-proposals = پیشنهادها و فرایندهای شناسایی‌شده: { $total }
report-members = اعضای فعال شبکه: { $active } — در فعالیت‌های این ماه: { $tookPart }
report-cases = پرونده‌های مردمی شهرستان در این ماه: { $filed } — پاسخ‌داده: { $answered } — دیرکرد: { $overdue }
report-answered-short = پاسخ
report-overdue-short = دیرکرد
report-top-topics = پرتکرارترین موضوع‌ها: { $topics }
report-section-narrative = شرح گزارش
report-section-obstacles = موانع
report-section-proposals = پیشنهادها
btn-write-narrative = ✏️ شرح
btn-write-obstacles = ✏️ موانع
btn-write-proposals = ✏️ پیشنهادها
btn-report-submit = 📤 ارسال برای نماینده استان
report-ask-section = «{ $section }» را بنویسید ({ $min } تا { $max } نویسه):
report-section-saved = ✅ ذخیره شد.
report-empty-warning = ⚠️ این گزارش خالی است: برای این ماه هیچ فعالیتی ثبت نشده و هیچ بخشی از متن گزارش نوشته نشده است.
report-confirm-submit = گزارش با همین آمار و متن برای نمایندهٔ مردمی‌سازی استان فرستاده شود؟ پس از ارسال تا وقتی برگشت نخورد تغییر نمی‌کند.
btn-report-submit-yes = ✅ بله، ارسال شود
btn-report-not-yet = هنوز نه
report-submitted = 📤 گزارش { $month } (نسخهٔ { $version }) برای نمایندهٔ استان فرستاده شد.
report-locked-submitted = این گزارش ارسال شده و در انتظار بررسی است.
report-locked-accepted = این گزارش پذیرفته شده است.

review-title = گزارش‌های ماهانهٔ شهرستان‌های استان (🆕 در انتظار بررسی):
review-version = نسخهٔ { $version }
btn-review-accept = ✅ پذیرش
btn-review-return = ↩️ برگشت برای اصلاح
btn-review-list = 📥 فهرست گزارش‌ها
review-ask-note = چه چیزی باید اصلاح شود؟ یادداشت را بنویسید ({ $min } تا { $max } نویسه):
review-accepted = ✅ گزارش پذیرفته شد و به دستیار اطلاع داده شد.
review-returned = ↩️ گزارش با یادداشت شما برگشت خورد.
review-not-submitted = این گزارش در انتظار بررسی نیست.

notice-report-submitted = 📥 گزارش ماهانهٔ { $month } شهرستان { $county } رسید.
notice-report-resubmitted = 📥 گزارش اصلاح‌شدهٔ { $month } شهرستان { $county } رسید.
notice-report-accepted = ✅ گزارش ماهانهٔ { $month } پذیرفته شد.
notice-report-returned =
    ↩️ گزارش ماهانهٔ { $month } برای اصلاح برگشت خورد.
    یادداشت نماینده: { $note }
    از «📊 گزارش ماهانه» آن را اصلاح و دوباره ارسال کنید.
btn-open-report = 📊 دیدن گزارش
