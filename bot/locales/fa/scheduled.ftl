# Persian: notices of scheduled work (cron/): report reminders, escalations, the admins' overdue digest.

notice-monthly-report-due =
    ⏰ یادآوری: گزارش ماهانهٔ { $month } شهرستان { $county } { $state ->
        [returned] برای اصلاح برگشت خورده و هنوز دوباره ارسال نشده است
       *[other] هنوز ارسال نشده است
    }. { $days } روز تا پایان ماه مانده است.
    از «📊 گزارش ماهانه» آن را کامل و ارسال کنید.
notice-monthly-report-due-today =
    ⏰ امروز آخرین روز { $month } است و گزارش ماهانهٔ شهرستان { $county } { $state ->
        [returned] برای اصلاح برگشت خورده و هنوز دوباره ارسال نشده است
       *[other] هنوز ارسال نشده است
    }.
    از «📊 گزارش ماهانه» آن را کامل و ارسال کنید.
notice-monthly-reports-late =
    ⚠️ ماه { $month } تمام شد و گزارش ماهانهٔ { $late } شهرستان از { $staffed } شهرستان دارای دستیار در استان { $province } نرسیده است:
    { $counties }
    از «📥 گزارش‌های ماهانهٔ شهرستان‌ها» وضعیت را ببینید و با دستیاران پیگیری کنید.
notice-quarterly-report-due =
    📈 یادآوری: فصل { $quarter } { $days } روز دیگر تمام می‌شود و گزارش فصلی استان { $province } هنوز ارسال نشده است.
    از «📈 گزارش فصلی» آن را بنویسید و ارسال کنید.
notice-quarterly-report-late =
    📈 فصل { $quarter } تمام شده و گزارش فصلی استان { $province } هنوز برای مدیران سامانه ارسال نشده است.
    از «📈 گزارش فصلی» آن را بنویسید و ارسال کنید.
notice-overdue-digest =
    ⏱ پرونده‌های باز گذشته از مهلت پاسخ: { $total } پرونده ({ $lastDay } پرونده در شبانه‌روز گذشته از مهلت گذشت).
    { $agencies }
notice-directive-unacknowledged =
    📣 ابلاغیهٔ «{ $title }»: { $waiting } نفر از { $total } گیرنده پس از { $hours } ساعت و دو یادآوری هنوز دریافت را تأیید نکرده‌اند. فهرستشان را در «ابلاغیه‌ها» ببینید.
