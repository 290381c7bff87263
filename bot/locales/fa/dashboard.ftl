# The staff dashboard in the browser (issue 11): the bot's one-time link and the page's words.
menu-dashboard = 🖥 داشبورد
cmd-dashboard = داشبورد آمار در مرورگر
dashboard-link =
    🖥 داشبورد آمار در مرورگر: دکمهٔ زیر را بزنید.

    این پیوند فقط یک بار و تا { $minutes } دقیقه کار می‌کند؛ پس از باز شدن، مرورگر شما تا پایان روز کاری وارد می‌ماند. پیوند را برای کسی نفرستید.
dashboard-open-button = 🖥 باز کردن داشبورد
dashboard-not-set-up = داشبورد هنوز نشانی عمومی ندارد. از مدیر سامانه بخواهید PUBLIC_URL را تنظیم کند.
dashboard-page-title = داشبورد همیار
dashboard-heading = { $period } — { $scope }
dashboard-filters = گزینش
dashboard-filter-period = دوره
dashboard-filter-agency = دستگاه
dashboard-filter-province = استان
dashboard-filter-grouping = تفکیک
dashboard-all-agencies = همهٔ دستگاه‌ها
dashboard-all-provinces = همهٔ استان‌ها
dashboard-show = نمایش
dashboard-summary = خلاصه
dashboard-charts = نمودارها
dashboard-table = پرونده‌ها به تفکیک { $grouping }
dashboard-table-count = تعداد
dashboard-table-share = سهم
dashboard-no-charts = نموداری برای نمایش نیست.
dashboard-signed-in = { $name }، نشست تا { $until }
dashboard-leave = خروج
dashboard-link-refused-title = این پیوند دیگر کار نمی‌کند
dashboard-link-refused = پیوند داشبورد فقط یک بار و تا ۱۰ دقیقه کار می‌کند. در بات دستور /dashboard را بفرستید تا پیوند تازه‌ای بگیرید.
dashboard-no-session-title = وارد نشده‌اید
dashboard-no-session = نشست شما پایان یافته یا وارد نشده‌اید. در بات دستور /dashboard را بفرستید و پیوند تازه را باز کنید.
dashboard-forbidden-title = خارج از حیطهٔ شما
dashboard-forbidden = این گزینش بیرون از حیطهٔ دسترسی شماست. فقط آمار حیطهٔ خودتان را می‌بینید.
dashboard-bad-filter-title = گزینش نادرست
dashboard-bad-filter = دوره، دستگاه، استان یا تفکیک خواسته‌شده شناخته نشد.
dashboard-too-many-title = درخواست‌ها بیش از اندازه
dashboard-too-many = چند دقیقهٔ دیگر دوباره امتحان کنید.
dashboard-unavailable-title = در دسترس نیست
dashboard-unavailable = آمار اکنون در دسترس نیست: پایگاه داده پاسخ نمی‌دهد. چند دقیقهٔ دیگر همین صفحه را دوباره باز کنید؛ چیزی از دست نرفته است.
dashboard-error-title = خطا
dashboard-error = مشکلی پیش آمد. کمی بعد دوباره امتحان کنید.
dashboard-back = بازگشت به داشبورد
dashboard-left-title = خروج از داشبورد
dashboard-left = از داشبورد خارج شدید. برای ورود دوباره در بات دستور /dashboard را بفرستید.
