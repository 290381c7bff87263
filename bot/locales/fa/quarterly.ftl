# The provincial representative's quarterly report (flows/staff/quarterly-report.ts) and the ministry's view
# of its agency's share (flows/staff/agency-reports.ts).

qr-ask-quarter = گزارش فصلی کدام فصل؟
qr-quarter-closed = گزارش این فصل دیگر قابل نوشتن نیست.
qr-not-found = این گزارش پیدا نشد.
qr-title = 📈 گزارش فصلی { $quarter } استان { $province }
qr-status = وضعیت: { $status }
qr-status-draft = پیش‌نویس
qr-status-submitted = ارسال‌شده برای مدیران سامانه (نسخهٔ { $version })
qr-monthly = گزارش‌های ماهانهٔ رسیده: { $reports } از { $expected } (✅ پذیرفته، 📤 ارسال‌شده، ↩️ برگشت‌خورده، ✏️ پیش‌نویس، — نرسیده)
qr-late = ⏰ دیرکرد: { $counties }
qr-none-late = ⏰ هیچ شهرستانی دیرکرد ندارد.
qr-activities = فعالیت‌ها: { $total } (شرکت‌کنندگان: { $participants } نفر)
qr-proposals = پیشنهادها و فرایندهای شناسایی‌شده: { $total } — انجام‌شده: { $done } — ردشده: { $rejected }
qr-cases = پرونده‌های مردمی استان در این فصل: { $filed } — پاسخ‌داده: { $answered } — دیرکرد: { $overdue }
qr-recurring-obstacles = موانع پرتکرار: { $phrases }
qr-recurring-proposals = پیشنهادهای پرتکرار: { $phrases }
qr-counties = { $n } شهرستان
qr-county-obstacles = موانعی که شهرستان‌ها نوشته‌اند:
qr-county-proposals = پیشنهادهایی که شهرستان‌ها نوشته‌اند:
qr-more = … و { $n } مورد دیگر
btn-qr-submit = 📤 ارسال برای مدیران سامانه
qr-confirm-submit = گزارش فصلی با همین آمار و متن برای مدیران سامانه فرستاده شود؟
btn-qr-submit-yes = ✅ بله، ارسال شود
btn-qr-not-yet = هنوز نه
qr-submitted = 📤 گزارش فصلی { $quarter } (نسخهٔ { $version }) برای مدیران سامانه فرستاده شد.
qr-submitted-already = این گزارش پیش‌تر فرستاده شده است (نسخهٔ { $version }).
qr-amend-hint = برای اصلاح، بخشی را دوباره بنویسید و گزارش را دوباره بفرستید.
notice-quarterly-submitted = 📈 گزارش فصلی { $quarter } استان { $province } رسید (نسخهٔ { $version }؛ شهرستان‌های دارای دیرکرد: { $late }).
notice-quarterly-resubmitted = 📈 گزارش اصلاح‌شدهٔ فصلی { $quarter } استان { $province } رسید (نسخهٔ { $version }؛ شهرستان‌های دارای دیرکرد: { $late }).

menu-province-reports = 📈 گزارش‌های فصلی استان‌ها
cmd-quarterlies = گزارش‌های فصلی رسیده از استان‌ها
pr-title = 📈 گزارش‌های فصلی رسیده از استان‌ها (تازه‌ترین فصل در بالا):
pr-version = نسخهٔ { $version }
pr-none = هنوز هیچ استانی گزارش فصلی نفرستاده است. هر گزارش که برسد، همین‌جا و با پیامی دکمه‌دار به شما خبر داده می‌شود.
btn-pr-list = ↩️ فهرست گزارش‌ها

menu-agency-reports = 📊 سهم دستگاه از گزارش‌ها
cmd-agencyreports = سهم دستگاه از گزارش‌های شهرستان‌ها و استان‌ها
ar-title = 📊 سهم { $agency } از گزارش‌های رسیده
ar-ask-period = گزارش‌های کدام دوره؟
ar-monthly = گزارش‌های ماهانهٔ { $month }: { $reports } شهرستان — فعالیت‌های مرتبط: { $linked } — پرونده‌ها: { $filed } (پاسخ‌داده { $answered }، دیرکرد { $overdue })
ar-quarterly = گزارش‌های فصلی { $quarter }: { $reports } استان — فعالیت‌های مرتبط: { $linked } — پرونده‌ها: { $filed } (پاسخ‌داده { $answered }، دیرکرد { $overdue })
ar-by-region = • { $region }: فعالیت { $linked } — پرونده { $filed } (پاسخ { $answered }، دیرکرد { $overdue })
ar-none = هنوز گزارشی در این دوره نرسیده است.
