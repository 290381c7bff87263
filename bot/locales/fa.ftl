# Persian, the default language of Hamyar.

# The direction of the language; flows/keyboards.ts lays out "next/previous" by it.
text-direction = rtl

welcome =
    سلام { $name } 👋
    به «همیار» خوش آمدید؛ پل ارتباط شما با دستگاه‌های اجرایی.

    از اینجا می‌توانید شکایت، درخواست، پیشنهاد، ایده، گزارش یا تقدیر خود را ثبت کنید، کد رهگیری بگیرید و پاسخ دستگاه را همین‌جا دریافت کنید.

    از منوی پایین یکی از گزینه‌ها را انتخاب کنید.
help =
    راهنمای همیار:
    📝 ثبت درخواست یا شکایت — گام‌به‌گام؛ هر زمان با «انصراف» یا /cancel می‌توانید خارج شوید.
    📂 پرونده‌های من — فهرست پرونده‌های ثبت‌شده و وضعیت آن‌ها.
    🔎 پیگیری — با کد رهگیری وضعیت و سابقهٔ پرونده را ببینید.
    ❓ راهنما — پرسش‌های متداول و تماس با میز خدمت دستگاه‌ها.
    🌐 زبان — فارسی یا انگلیسی.

    دستورها: /new ثبت جدید، /mycases پرونده‌های من، /track پیگیری، /faq راهنما، /lang زبان، /cancel انصراف.
private-only = همیار فقط در گفتگوی خصوصی کار می‌کند تا اطلاعات شما محفوظ بماند. لطفاً در پیام خصوصی به من بنویسید.
use-menu = متوجه نشدم. لطفاً یکی از گزینه‌های منو را انتخاب کنید.
unknown-command = این دستور را نمی‌شناسم. برای دیدن دستورها /help را بفرستید.
finish-or-cancel = شما در میانهٔ ثبت پرونده هستید. لطفاً این مرحله را کامل کنید یا با «انصراف» (/cancel) خارج شوید.
cancelled = لغو شد. اطلاعات واردشده ذخیره نشد.
nothing-to-cancel = کاری در جریان نیست که لغو شود.
back-to-menu = به منوی اصلی برگشتید.
no-previous-step = این نخستین مرحله است.
form-keys = ⬇️ «مرحلهٔ قبل» و «انصراف» پایین صفحه‌اند.
stale-button = این دکمه دیگر معتبر نیست. لطفاً از آخرین پیام استفاده کنید.
edited-ignored = ویرایش پیام‌ها در نظر گرفته نمی‌شود. اگر می‌خواهید چیزی را اصلاح کنید، آن را دوباره بفرستید یا در خلاصهٔ پرونده گزینهٔ ویرایش را بزنید.
flood = پیام‌های شما خیلی سریع می‌رسند. لطفاً چند لحظه صبر کنید و دوباره بفرستید.
error-generic = متأسفانه در پردازش پیام شما خطایی رخ داد. اطلاعات شما از بین نرفته است؛ لطفاً دوباره تلاش کنید.

menu-file = 📝 ثبت درخواست / شکایت
menu-my-cases = 📂 پرونده‌های من
menu-track = 🔎 پیگیری با کد رهگیری
menu-faq = ❓ راهنما و پرسش‌های متداول
menu-language = 🌐 زبان / Language

lang-ask = زبان را انتخاب کنید / Choose your language:
lang-set = زبان همیار فارسی شد.

cmd-start = شروع و منوی اصلی
cmd-new = ثبت درخواست یا شکایت جدید
cmd-mycases = پرونده‌های من
cmd-track = پیگیری با کد رهگیری
cmd-faq = راهنما و پرسش‌های متداول
cmd-lang = تغییر زبان
cmd-help = راهنما
cmd-cancel = انصراف از کار جاری

btn-back = ↩️ مرحلهٔ قبل
btn-cancel = ❌ انصراف
# In a right-to-left row "next" is on the left (flows/keyboards.ts), so its arrow points left.
btn-prev = ▶️ قبلی
btn-next = بعدی ◀️
btn-show-all = 📋 نمایش همه
btn-skip = فعلاً نه
# The one way past every optional step of the filing form (files, place, national ID) and of the survey.
btn-not-now = فعلاً نه
btn-no-topic = موضوع دیگر / نمی‌دانم
btn-no-attachments = بدون پیوست
btn-attachments-done = ✅ پایان ارسال پیوست‌ها
btn-attachments-clear = 🗑 حذف پیوست‌ها
btn-share-location = 📍 ارسال موقعیت مکانی
btn-share-contact = 📱 ارسال شمارهٔ من
btn-use-saved-phone = 📱 همان شمارهٔ { $phone }
btn-anonymous = 🕶 ثبت بدون نام
btn-named = 👤 ثبت با نام و شماره
btn-confirm = ✅ تأیید و ثبت نهایی
btn-back-to-list = ↩️ بازگشت به فهرست
btn-back-to-questions = ↩️ بازگشت به پرسش‌ها
btn-service-desk = 🧑‍💼 گفتگو با میز خدمت
btn-other-agency = 🏛 دستگاه دیگر

kind-complaint = شکایت
kind-request = درخواست
kind-suggestion = پیشنهاد
kind-idea = طرح / ایده
kind-report = گزارش (تخلف)
kind-appreciation = تقدیر و تشکر

status-received = ثبت شد
status-in_review = در حال بررسی
status-referred = ارجاع شد
status-in_progress = در دست اقدام
status-answered = پاسخ داده شد
status-resolved = مختومه - رفع شد
status-unresolved = مختومه - رفع نشد
status-not_responsible = خارج از صلاحیت
status-duplicate = تکراری
status-reopened = بازگشایی شد
# Statuses as citizens read them; the formal status-* above stay for agencies and staff.
citizen-status-received = ثبت شد
citizen-status-in_review = در حال بررسی
citizen-status-referred = به دستگاه دیگری سپرده شد
citizen-status-in_progress = در حال پیگیری
citizen-status-answered = پاسخ داده شد
citizen-status-resolved = بسته شد؛ مشکل رفع شد
citizen-status-unresolved = بسته شد؛ مشکل رفع نشد
citizen-status-not_responsible = بسته شد؛ کار این دستگاه نیست
citizen-status-duplicate = بسته شد؛ پیش‌تر ثبت شده بود
citizen-status-reopened = دوباره باز شد
event-status = تغییر وضعیت
event-followup = پیام پیگیری شما
event-note = یادداشت
event-answer = پاسخ دستگاه
event-referral = ارجاع به دستگاه دیگر
event-info_request = درخواست اطلاعات بیشتر از سوی دستگاه
event-info_provided = پاسخ شما به درخواست اطلاعات
event-objection = اعتراض شما

file-intro = ثبت پرونده را شروع کنیم. هر جا خواستید، با «مرحلهٔ قبل» برگردید یا با «انصراف» بیرون بروید.
file-progress = مرحلهٔ { $step } از { $total }
file-answered = { $field }: { $value } ✔
answered-kind = نوع پرونده
answered-agency = دستگاه
answered-topic = موضوع
answered-province = استان
answered-county = شهرستان
answered-attachments = پیوست‌ها
answered-files = { $count } فایل
answered-anonymity = هویت
file-ask-kind = نوع پرونده را انتخاب کنید:
file-ask-agency = 🏛 پرونده مربوط به کدام دستگاه است؟
file-ask-topic = موضوع پرونده در { $agency } را انتخاب کنید:
file-ask-province = 📍 استان محل موضوع را انتخاب کنید:
file-ask-county = شهرستان را انتخاب کنید:
list-type-to-search = 🔍 برای جستجو، بخشی از نام را بنویسید.
list-filtered = 🔍 نتایج جستجو برای «{ $query }»:
list-page = صفحهٔ { $page } از { $pages }
search-no-match = موردی با «{ $query }» پیدا نشد. لطفاً واژهٔ دیگری بنویسید یا از فهرست انتخاب کنید.
search-bad-query = لطفاً برای جستجو دست‌کم دو حرف بنویسید (بدون نشانه‌های ویژه).
choose-from-list = لطفاً یکی از گزینه‌های همین پیام را انتخاب کنید.
file-ask-subject = ✏️ عنوان کوتاهی برای { $kind } خود بنویسید (بین { $min } تا { $max } حرف):
file-ask-description = 📝 شرح کامل { $kind } را بنویسید: چه شده، کجا، چه زمانی، و چه انتظاری دارید (بین { $min } تا { $max } حرف).
expect-text = لطفاً پاسخ را به صورت متن بنویسید.
text-empty = متن خالی است. لطفاً چیزی بنویسید.
text-too_short = متن خیلی کوتاه است؛ دست‌کم { $min } حرف بنویسید.
text-too_long = متن خیلی طولانی است؛ حداکثر { $max } حرف مجاز است. لطفاً آن را کوتاه‌تر کنید.
text-no_words = لطفاً با کلمات بنویسید؛ متنی که فقط شکلک یا نشانه دارد پذیرفته نمی‌شود.
text-hidden_chars = متن شامل نشانه‌های کنترلی یا جهت‌نمای پنهان است. لطفاً آن را دوباره تایپ کنید (نه کپی).
file-ask-attachments = 📎 اگر عکس، سند (مثل PDF) یا پیام صوتی دارید، بفرستید (حداکثر { $max } فایل؛ تاکنون: { $count }). اگر پیوستی ندارید، «فعلاً نه» را بزنید.
attachment-received = ✅ پیوست { $count } از { $max } دریافت شد.
attachments-full = حداکثر { $max } پیوست مجاز است. دکمهٔ «پایان ارسال پیوست‌ها» را بزنید.
attachment-too-big = حجم این فایل بیش از ۲۰ مگابایت است. لطفاً فایل کوچک‌تری بفرستید.
attachment-duplicate = این فایل را قبلاً فرستاده‌اید.
expect-attachment = در این مرحله عکس، سند یا پیام صوتی بفرستید؛ اگر پیوستی ندارید «فعلاً نه» را بزنید.
file-ask-location = 📍 محل موضوع را مشخص کنید: موقعیت مکانی را بفرستید یا نشانی را بنویسید (تا { $max } حرف). اگر لازم نیست، «فعلاً نه» را بزنید.
expect-location = لطفاً موقعیت مکانی بفرستید، نشانی را بنویسید یا «فعلاً نه» را بزنید.
location-invalid = این موقعیت مکانی معتبر نیست.
file-ask-anonymity = گزارش تخلف را می‌توانید بدون نام ثبت کنید؛ در این صورت دستگاه هویت و شمارهٔ شما را نمی‌بیند و فقط شما با کد رهگیری آن را پیگیری می‌کنید.
file-ask-contact = 📱 برای اینکه دستگاه بتواند با شما تماس بگیرد، دکمهٔ «ارسال شمارهٔ من» را بزنید. شماره فقط برای دستگاه رسیدگی‌کننده نمایش داده می‌شود.
contact-received = ✅ شمارهٔ شما دریافت شد.
contact-not-own = این شمارهٔ خود شما نیست. لطفاً فقط با دکمهٔ «ارسال شمارهٔ من» شمارهٔ خودتان را بفرستید.
contact-use-button = برای اطمینان از اینکه شماره متعلق به شماست، لطفاً به جای تایپ، دکمهٔ «ارسال شمارهٔ من» را بزنید.
phone-invalid = این شمارهٔ همراه معتبر نیست (نمونهٔ درست: ۰۹۱۲۳۴۵۶۷۸۹). لطفاً از دکمهٔ «ارسال شمارهٔ من» استفاده کنید.
file-ask-national-id = 🪪 اگر مایلید، کد ملی ۱۰ رقمی خود را بنویسید؛ نوشتنش اختیاری است. وگرنه «فعلاً نه» را بزنید.
expect-national-id = لطفاً کد ملی را به صورت عدد بنویسید یا «فعلاً نه» را بزنید.
national-id-invalid = کد ملی نامعتبر است. کد ملی ۱۰ رقم دارد و رقم آخر آن رقم کنترل است؛ لطفاً آن را دوباره بررسی کنید.

summary-title = 📋 خلاصهٔ پرونده — لطفاً بررسی کنید:
summary-confirm-hint = اگر همه‌چیز درست است «تأیید و ثبت نهایی» را بزنید؛ برای اصلاح هر بخش، دکمهٔ ✏️ همان بخش را بزنید.
summary-none = ندارد
summary-location-point = موقعیت روی نقشه
summary-anonymous = بدون نام
summary-use-buttons = لطفاً برای تأیید یا ویرایش از دکمه‌های زیر خلاصه استفاده کنید.
field-kind = نوع
field-agency = دستگاه
field-region = محل
field-subject = عنوان
field-description = شرح
field-attachments = پیوست‌ها
field-location = نشانی / موقعیت
field-identity = هویت
field-phone = شمارهٔ تماس
field-national-id = کد ملی
field-status = وضعیت
field-deadline = مهلت پاسخ
edit-kind = ✏️ نوع
edit-agency = ✏️ دستگاه
edit-region = ✏️ استان و شهرستان
edit-subject = ✏️ عنوان
edit-description = ✏️ شرح
edit-attachments = ✏️ پیوست‌ها
edit-location = ✏️ نشانی
edit-anonymity = ✏️ با نام / بی‌نام
edit-contact = ✏️ شمارهٔ تماس
edit-national_id = ✏️ کد ملی
filed =
    ✅ { $kind } شما برای «{ $agency }» ثبت شد.

    🔖 کد رهگیری: { $code }

    ⏳ مهلت پاسخ: تا { $deadline } ({ $days } روز کاری)

    این کد را نگه دارید؛ با آن در «پیگیری» وضعیت پرونده را می‌بینید. پاسخ دستگاه همین‌جا برایتان می‌آید.

my-cases-empty = هنوز پرونده‌ای ثبت نکرده‌اید. برای شروع «ثبت درخواست / شکایت» را بزنید.
my-cases-title = 📂 پرونده‌های شما ({ $total } پرونده) — صفحهٔ { $page } از { $pages }
case-line = { $n }. 🔖 { $code } — { $kind }: { $subject }
    وضعیت: { $status }، { $date }
case-detail-title = 🔖 پرونده { $code }
case-history = 🕘 سابقهٔ وضعیت:

track-ask = 🔎 کد رهگیری پرونده را بفرستید (با رقم فارسی یا انگلیسی، با فاصله یا بی‌فاصله):
track-bad-format = کد رهگیری ۹ رقم دارد. لطفاً آن را کامل و درست بفرستید.
track-typo = این کد رهگیری درست نیست؛ احتمالاً یک رقم اشتباه تایپ شده یا جابه‌جا شده است. لطفاً دوباره بررسی کنید.
track-not-found = پرونده‌ای با این کد رهگیری در میان پرونده‌های شما پیدا نشد.

faq-intro = ❓ پرسش خود را بنویسید تا پاسخ‌های مرتبط را نشان دهم، یا یکی از پرسش‌های پرتکرار را انتخاب کنید:
faq-results = پرسش‌های مرتبط با «{ $query }»:
faq-no-match = پاسخی برای این پرسش پیدا نشد. واژه‌های دیگری امتحان کنید یا با میز خدمت دستگاه گفتگو کنید.
faq-civil-servants-title = 🏛 پرسش‌های کارکنان دستگاه‌ها (میز خدمت، بازرسان ماده ۹۱، سامانهٔ تسما):
btn-faq-civil-servants = 🏛 پرسش‌های کارکنان دستگاه‌ها
faq-type-question = پرسش خود را بنویسید یا یکی از گزینه‌ها را انتخاب کنید.
desk-ask-agency = 🧑‍💼 میز خدمت کدام دستگاه را می‌خواهید؟
desk-title = 🧑‍💼 میز خدمت { $agency }
desk-phone = تلفن
desk-website = وب‌گاه
desk-hours = ساعت کار
desk-unknown = اطلاعات تماس این دستگاه هنوز ثبت نشده است.

form-finish-or-cancel = شما در میانهٔ کاری هستید. لطفاً آن را کامل کنید یا با «انصراف» (/cancel) خارج شوید.
notify-finish-first = ابتدا کار نیمه‌تمام فعلی را به پایان برسانید یا با «انصراف» (/cancel) از آن خارج شوید، سپس دوباره این دکمه را بزنید.
btn-followup = ✉️ پیام پیگیری
btn-answer-info = ✍️ پاسخ به پرسش دستگاه
btn-object = 📣 ثبت اعتراض
btn-no-objection = نه، سپاس

push-status-title = 🔔 وضعیت پرونده { $code } تغییر کرد.
push-answer-title = 📨 پاسخ «{ $agency }» به پرونده { $code }:
push-referral-title = ↪️ پرونده { $code } برای رسیدگی به «{ $agency }» ارجاع شد.
push-info-title = ❓ «{ $agency }» برای رسیدگی به پرونده { $code } اطلاعات بیشتری خواسته است:
push-info-how = برای پاسخ، دکمهٔ «✍️ پاسخ به پرسش دستگاه» را بزنید و پاسخ خود را بنویسید.
push-note = 📝 توضیح دستگاه: { $note }

survey-push =
    📋 نظرسنجی پرونده { $code } («{ $subject }»)

    دستگاه به پرونده شما رسیدگی کرد. آیا مشکل شما حل شد؟
survey-reminder =
    ⏰ یادآوری: هنوز در نظرسنجی پرونده { $code } («{ $subject }») شرکت نکرده‌اید. نظر شما به بهبود کار دستگاه‌ها کمک می‌کند.

    آیا مشکل شما حل شد؟
survey-yes = ✅ بله
survey-no = ❌ خیر
survey-unknown = 🤷 نمی‌دانم
survey-noted-yes = 🙂 خوشحالیم که مشکل شما حل شد. دو پرسش کوتاه دیگر:
survey-noted-no = پاسخ شما: «حل نشد». دو پرسش کوتاه دیگر:
survey-noted-unknown = پاسخ شما: «نمی‌دانم». دو پرسش کوتاه دیگر:
survey-ask-rating = ⭐ به رسیدگی دستگاه از ۱ (خیلی بد) تا ۵ (عالی) چه امتیازی می‌دهید؟
survey-use-rating-buttons = لطفاً امتیاز را با یکی از دکمه‌های ۱ تا ۵ انتخاب کنید.
survey-ask-comment = 💬 اگر توضیحی دارید بنویسید (تا { $max } حرف)؛ وگرنه «فعلاً نه» را بزنید.
survey-comment-expect-text = لطفاً توضیح را به صورت متن بنویسید، یا «فعلاً نه» را بزنید.
survey-thanks = 🙏 سپاس! نظر شما ثبت شد و به بهبود کار دستگاه‌ها کمک می‌کند.
survey-saved-sorry = ✅ نظر شما ثبت شد. متأسفیم که مشکل شما حل نشده است.
survey-offer-objection = اگر به پاسخ دستگاه اعتراض دارید، اعتراض خود را ثبت کنید تا پرونده بازگشایی و دوباره بررسی شود.
survey-already-answered = شما پیش‌تر در نظرسنجی این پرونده شرکت کرده‌اید؛ سپاس از همراهی شما.
survey-already-saved = نظر شما پیش‌تر ثبت شده است.
objection-ask = 📣 دلیل اعتراض خود به پاسخ پرونده { $code } را بنویسید (حداکثر { $max } حرف):
objection-expect-text = لطفاً دلیل اعتراض را به صورت متن بنویسید.
objection-filed = ✅ اعتراض شما ثبت شد. پرونده { $code } بازگشایی شد و برای بررسی دوباره به دستگاه اطلاع داده شد.
objection-not-allowed = اعتراض به این پرونده ممکن نیست یا پیش‌تر ثبت شده است.

followup-ask = ✉️ پیام پیگیری خود دربارهٔ پرونده { $code } را بنویسید (تا { $max } حرف). پیام شما به «{ $agency }» می‌رسد.
followup-ask-info =
    ❓ پرسش «{ $agency }» دربارهٔ پرونده { $code }:

    { $question }

    ✍️ پاسخ خود را بنویسید (تا { $max } حرف):
followup-expect-text = لطفاً پیام خود را به صورت متن بنویسید.
followup-sent = ✅ پیام پیگیری شما برای پرونده { $code } ثبت شد و به دستگاه رسیدگی‌کننده می‌رسد.
followup-info-sent = ✅ پاسخ شما برای پرونده { $code } ثبت شد و به دستگاه رسیدگی‌کننده می‌رسد.
