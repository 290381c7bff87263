# Exports sent in chat as a spreadsheet (/export, issue 11).
menu-export = 📤 خروجی اکسل
cmd-export = خروجی اکسل گزارش‌ها و نظرسنجی‌ها
export-choose-what = 📤 خروجی اکسل: کدام فهرست را می‌خواهید؟
export-choose-period = 📤 { $what }: کدام دوره؟
export-what-cases = پرونده‌ها
export-what-surveys = نظرسنجی‌ها
export-what-monthly_reports = گزارش‌های ماهانه
export-what-quarterly_reports = گزارش‌های فصلی
export-caption = 📤 { $what } — { $period }: { $rows } ردیف
export-caption-empty = 📤 { $what } — { $period }: در این دوره چیزی نبود؛ فایل فقط سرستون‌ها را دارد.
export-truncated = ⚠️ این فایل فقط { $max } ردیف نخست را دارد. فهرست کامل را از API بگیرید: { $api }
export-surveys-private = کد رهگیری و نظر شهروندان در این فایل نیست: پرونده خصوصی است و از آن فقط شمارش به شما می‌رسد.
