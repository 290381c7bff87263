// Guidance FAQ seeded at start: questions about using Hamyar first, then seed 002's questions, which are
// written for civil servants (where a service desk must be placed, Article 91 inspectors, TASMA).
export interface FaqSeed { key: string; questionFa: string; answerFa: string; questionEn: string; answerEn: string }

/**
 * Entries at or past this sort order are for civil servants: the FAQ lists them after the citizens' ones,
 * under their own heading (core/faq.ts). A band of sort_order rather than a column, so admins place an
 * entry in either part by its order alone.
 */
export const STAFF_FAQ_SORT_FROM = 1000;

export const citizenFaqs: FaqSeed[] = [
  {
    key: "how-to-file",
    questionFa: "چطور شکایت یا درخواستم را ثبت کنم؟",
    answerFa:
      "از منوی اصلی گزینه ثبت مورد جدید را بزنید و مرحله به مرحله پیش بروید: نوع مورد (شکایت، درخواست، پیشنهاد، ایده، گزارش یا تقدیر)، دستگاه اجرایی، موضوع (اگر دستگاه موضوع‌بندی داشته باشد)، استان و شهرستان، عنوان و شرح، پیوست و نشانی (اختیاری) و در پایان شماره همراه با دکمه «اشتراک‌گذاری شماره». سپس خلاصه را می‌بینید، هر بخش را که لازم باشد ویرایش می‌کنید و تأیید می‌کنید. پس از تأیید، یک کد رهگیری دریافت می‌کنید.",
    questionEn: "How do I file a complaint or request?",
    answerEn:
      "Choose the new-case option in the main menu and go step by step: kind (complaint, request, suggestion, idea, report or appreciation), agency, topic (if the agency has topics), province and county, subject and description, optional attachments and address, and finally your mobile number via the \"share phone number\" button. You then see a summary, edit any part you need, and confirm. After confirming you receive a tracking code.",
  },
  {
    key: "tracking-code",
    questionFa: "کد رهگیری چیست و چطور وضعیت پرونده‌ام را پیگیری کنم؟",
    answerFa:
      "کد رهگیری شناسه کوتاهی است که پس از ثبت هر مورد به شما داده می‌شود. برای پیگیری، گزینه «پیگیری» را بزنید و کد را وارد کنید (با رقم فارسی، عربی یا انگلیسی فرقی ندارد) یا از بخش «موارد من» پرونده را انتخاب کنید. وضعیت فعلی و تاریخچه کامل آن با تاریخ شمسی نمایش داده می‌شود. هر پرونده فقط برای ثبت‌کننده آن قابل مشاهده است.",
    questionEn: "What is a tracking code and how do I track my case?",
    answerEn:
      "A tracking code is a short identifier you receive after filing. To track, choose \"Track\" and enter the code (Persian, Arabic or Latin digits all work), or pick the case from \"My cases\". You see its current status and full history with Jalali dates. Only the person who filed a case can see it.",
  },
  {
    key: "response-deadline",
    questionFa: "دستگاه اجرایی چقدر فرصت دارد به من پاسخ دهد؟",
    answerFa:
      "هر دستگاه مهلت پاسخ‌گویی مشخصی دارد که بر حسب روز کاری تعیین می‌شود (معمولاً بین ۵ تا ۲۰ روز کاری). اگر پاسخ در این مهلت داده نشود، پرونده معوق شناخته می‌شود و برای پیگیری به سطح بالاتر ارجاع می‌شود.",
    questionEn: "How long does an agency have to answer me?",
    answerEn:
      "Each agency has a set response deadline in working days (usually between 5 and 20 working days). If it does not answer in time, the case is marked overdue and escalated for follow-up.",
  },
  {
    key: "anonymous",
    questionFa: "آیا می‌توانم بدون ذکر نام شکایت کنم؟",
    answerFa:
      "فقط «گزارش» تخلف (مثلاً فساد یا رفتار نادرست کارکنان) را می‌توان بدون نام ثبت کرد. در این حالت شماره تلفن و کد ملی شما برای دستگاه فرستاده نمی‌شود و همچنان با کد رهگیری می‌توانید آن را پیگیری کنید. برای سایر انواع، شماره همراه لازم است تا دستگاه بتواند به شما پاسخ دهد.",
    questionEn: "Can I file anonymously?",
    answerEn:
      "Only reports of misconduct (for example corruption or staff wrongdoing) can be filed anonymously. Your phone number and national ID are then not sent to the agency, and you can still follow the report with its tracking code. For all other kinds a mobile number is required so the agency can answer you.",
  },
  {
    key: "privacy",
    questionFa: "شماره تلفن و کد ملی من چه می‌شود و چه کسی آن را می‌بیند؟",
    answerFa:
      "شماره تلفن و کد ملی شما فقط برای رسیدگی به همان پرونده استفاده می‌شود و تنها دستگاهی که پرونده را بررسی می‌کند (یا دستگاهی که پرونده به آن ارجاع شده) آن را می‌بیند. وارد کردن کد ملی اختیاری است. شماره همراه باید شماره خود شما باشد و از طریق دکمه «اشتراک‌گذاری شماره» ارسال شود.",
    questionEn: "What happens to my phone number and national ID, and who sees them?",
    answerEn:
      "Your phone number and national ID are used only to handle that case, and only the agency handling it (or an agency it is referred to) can see them. Giving your national ID is optional. The mobile number must be your own and is sent with the \"share phone number\" button.",
  },
  {
    key: "attachments",
    questionFa: "چطور عکس یا مدرک به پرونده اضافه کنم؟",
    answerFa:
      "در مرحله پیوست، عکس، فایل (مثلاً PDF) یا پیام صوتی را در همین گفتگو بفرستید و پس از پایان، دکمه ادامه را بزنید. این مرحله اختیاری است. پس از ثبت هم می‌توانید از طریق پیام تکمیلی روی همان پرونده، مدرک تازه بفرستید.",
    questionEn: "How do I add photos or documents?",
    answerEn:
      "At the attachments step, send photos, files (e.g. PDF) or a voice message in the chat, then press continue. This step is optional. After filing you can also send new documents as a follow-up message on the same case.",
  },
  {
    key: "followup",
    questionFa: "چطور بعد از ثبت، توضیح تکمیلی برای پرونده‌ام بفرستم؟",
    answerFa:
      "پرونده را از بخش «موارد من» یا با کد رهگیری باز کنید و گزینه پیام تکمیلی را بزنید. پیام شما به دستگاه رسیدگی‌کننده می‌رسد و پاسخ دستگاه هم به محض ارسال در همین گفتگو به شما اطلاع داده می‌شود.",
    questionEn: "How do I send more information after filing?",
    answerEn:
      "Open the case from \"My cases\" or by its tracking code and choose the follow-up option. Your message reaches the agency handling the case, and the agency's answer is delivered to you in this chat as soon as it is sent.",
  },
  {
    key: "cancel-form",
    questionFa: "چطور فرم نیمه‌تمام را لغو کنم؟",
    answerFa:
      "در هر مرحله دستور /cancel را بفرستید یا دکمه «انصراف» را بزنید. فرم نیمه‌تمام حذف می‌شود و چیزی برای دستگاه ارسال نمی‌شود. برای اصلاح یک مرحله، لازم نیست از اول شروع کنید؛ در صفحه خلاصه می‌توانید هر بخش را ویرایش کنید.",
    questionEn: "How do I cancel a half-filled form?",
    answerEn:
      "At any step send /cancel or press \"Cancel\". The unfinished form is discarded and nothing is sent to the agency. To correct a step you don't need to start over: you can edit any part on the summary screen.",
  },
  {
    key: "objection",
    questionFa: "اگر از پاسخ دستگاه راضی نبودم، چطور اعتراض کنم؟",
    answerFa:
      "پس از پاسخ یا مختومه شدن پرونده، یک نظرسنجی برای شما فرستاده می‌شود. اگر به پرسش «آیا مشکل شما رفع شد؟» پاسخ «خیر» بدهید، گزینه «اعتراض» نمایش داده می‌شود. با ثبت اعتراض، پرونده بازگشایی می‌شود و به دستگاه مربوط اطلاع داده می‌شود.",
    questionEn: "How do I object to an agency's answer?",
    answerEn:
      "When your case is answered or closed, you are sent a satisfaction survey. If you answer \"No\" to \"Was your problem solved?\", an \"Object\" option appears. Filing an objection reopens the case and notifies the agency.",
  },
  {
    key: "statuses",
    questionFa: "وضعیت‌های پرونده چه معنایی دارند؟",
    answerFa:
      "ثبت شد: پرونده دریافت شده است. در حال بررسی: دستگاه در حال مطالعه آن است. ارجاع شد: به دستگاه دیگری که صلاحیت رسیدگی دارد فرستاده شده است. در دست اقدام: دستگاه مشغول رفع مشکل است. پاسخ داده شد: پاسخ دستگاه برای شما ارسال شده است. مختومه - رفع شد: پرونده با رفع مشکل بسته شده است. مختومه - رفع نشد: پرونده بسته شده ولی مشکل رفع نشده است. خارج از صلاحیت: موضوع در حیطه وظایف این دستگاه نیست. تکراری: پیش‌تر همین مورد ثبت شده است. بازگشایی شد: پرونده (مثلاً پس از اعتراض شما) دوباره باز شده است.",
    questionEn: "What do the case statuses mean?",
    answerEn:
      "Received: the case has arrived. In review: the agency is studying it. Referred: it was sent to another agency that is competent to handle it. In progress: the agency is working on the problem. Answered: the agency's answer has been sent to you. Closed – resolved: closed with the problem fixed. Closed – unresolved: closed without the problem being fixed. Not responsible: the matter is outside this agency's remit. Duplicate: the same case was filed before. Reopened: the case has been opened again (for example after your objection).",
  },
  {
    key: "talk-to-person",
    questionFa: "چطور با یک کارشناس صحبت کنم؟",
    answerFa:
      "گزینه «گفتگو با کارشناس» را بزنید و دستگاه مورد نظر را انتخاب کنید تا اطلاعات تماس میز خدمت آن دستگاه (تلفن، وب‌سایت و ساعات کاری) نمایش داده شود. میز خدمت مرجع حضوری و تلفنی پاسخ‌گویی به مراجعین در هر دستگاه است. اگر پرونده ثبت‌شده دارید، می‌توانید از طریق پیام تکمیلی هم با کارشناس رسیدگی‌کننده در ارتباط باشید.",
    questionEn: "How can I talk to a person?",
    answerEn:
      "Choose \"Talk to a person\" and pick the agency to see the contact details of its service desk (phone, website and opening hours). The service desk is each agency's in-person and telephone point of contact for the public. If you already have a case, you can also reach the officer handling it through a follow-up message.",
  },
  {
    key: "case-kinds",
    questionFa: "فرق شکایت، درخواست، پیشنهاد، ایده، گزارش و تقدیر چیست؟",
    answerFa:
      "درخواست: تقاضای یک خدمت یا اقدام از دستگاه. شکایت: اعتراض به کوتاهی، تأخیر یا رفتار نادرست دستگاه یا کارکنان آن که به شما آسیب زده است. پیشنهاد: راهکاری برای بهتر شدن یک خدمت یا فرایند. طرح یا ایده: طرحی نو و سنجیده برای بررسی دستگاه. گزارش: اطلاع دادن تخلف یا فساد (این نوع را می‌توان بدون نام ثبت کرد). تقدیر و تشکر: قدردانی از یک کارمند یا واحد.",
    questionEn: "What is the difference between a complaint, request, suggestion, idea, report and appreciation?",
    answerEn:
      "Request: asking the agency for a service or action. Complaint: objecting to a failure, delay or misconduct by the agency or its staff that has harmed you. Suggestion: a way to improve a service or process. Idea: a new, worked-out proposal for the agency to consider. Report: reporting misconduct or corruption (this kind can be filed anonymously). Appreciation: thanking an employee or unit.",
  },
  {
    key: "what-is-hamyar",
    questionFa: "همیار چیست؟",
    answerFa:
      "همیار درگاه گفتگوی شهروندان با دستگاه‌های اجرایی است. از طریق آن می‌توانید شکایت، درخواست، پیشنهاد، ایده، گزارش و تقدیر خود را برای دستگاه مربوط ثبت کنید، آن را پیگیری کنید، پاسخ را در همین گفتگو دریافت کنید و به کیفیت پاسخ نمره دهید.",
    questionEn: "What is Hamyar?",
    answerEn:
      "Hamyar is a chat gateway between citizens and executive agencies. Through it you can file complaints, requests, suggestions, ideas, reports and thanks with the relevant agency, track them, receive the answer in this chat, and rate the answer.",
  },
];

// --- Service desk (میز خدمت) and Article 91 inspectors: seed 002 ---
export const staffFaqs: FaqSeed[] = [
  {
    key: "service-desk-location",
    questionFa: "محل استقرار میز خدمت در دستگاه اجرایی چه ویژگی‌هایی باید داشته باشد؟",
    answerFa:
      "بر اساس دستورالعمل میز خدمت، باید فضای مناسبی برای مراجعه ارباب رجوع و با رعایت مصوبه «حقوق شهروندی در نظام اداری» اختصاص یابد؛ به‌گونه‌ای که ارباب رجوع بتواند بدون نیاز به مراجعه و پیگیری در واحدهای مختلف دستگاه اجرایی و تنها از طریق همین میز، خدمت یا پاسخ مورد نیاز خود را دریافت کند.",
    questionEn: "What should the location of an agency's service desk be like?",
    answerEn:
      "Under the service desk instruction, a suitable space must be set aside for visitors, in line with the resolution on \"Citizens' Rights in the Administrative System\", so that a visitor can receive the service or answer they need through that desk alone, without having to visit and follow up with the agency's various units.",
  },
  {
    key: "service-desk-floor",
    questionFa: "اگر استقرار میز خدمت در طبقه همکف یا اول ممکن نباشد، راه‌حل چیست؟",
    answerFa: "میز خدمت باید در دسترس‌ترین طبقه و راحت‌ترین مکان برای ارباب رجوع مستقر شود.",
    questionEn: "What if the service desk cannot be placed on the ground or first floor?",
    answerEn: "The service desk must be placed on the most accessible floor and in the most convenient spot for visitors.",
  },
  {
    key: "service-desk-mandatory",
    questionFa: "آیا همه دستگاه‌های اجرایی ملزم به استقرار میز خدمت هستند؟",
    answerFa:
      "بله. همه دستگاه‌های اجرایی (اعم از ملی و استانی) که عهده‌دار ارائه خدمت به مردم هستند، ملزم به استقرار میز خدمت‌اند؛ از جمله همه وزارتخانه‌ها، مؤسسات، شرکت‌ها و نهادهای عمومی غیردولتی، استانداری‌ها و سایر دستگاه‌هایی که به نحوی از بودجه عمومی استفاده می‌کنند و مکلف به اجرای تصویب‌نامه شورای عالی اداری با عنوان «حقوق شهروندی در نظام اداری» به شماره ۱۱۲۷۱۲۸ مورخ ۱۳۹۵/۱۲/۲۸ هستند.",
    questionEn: "Are all executive agencies required to set up a service desk?",
    answerEn:
      "Yes. Every executive agency, national or provincial, that provides services to the public must set up a service desk. This includes all ministries, institutions, companies and non-governmental public bodies, provincial governorates, and any other body that in some way uses the public budget and is bound by the High Administrative Council resolution \"Citizens' Rights in the Administrative System\" (No. 1127128 of 1395/12/28, i.e. 19 March 2017).",
  },
  {
    key: "article91-inspectors",
    questionFa: "تعداد بازرسان ماده ۹۱ قانون مدیریت خدمات کشوری در هر دستگاه اجرایی چند نفر باید باشد؟",
    answerFa:
      "تعداد بازرسان هر دستگاه اجرایی نباید از ۰٫۷ درصد کل کارکنان (رسمی، پیمانی و قرارداد کار معین) بیشتر شود. تعداد بازرسان حوزه ستادی کمتر از ۲ نفر نخواهد بود و برای هر یک از واحدهای خارج از مرکز دست‌کم یک نفر به‌عنوان بازرس تعیین می‌شود.",
    questionEn: "How many Article 91 (Civil Service Management Act) inspectors should an executive agency have?",
    answerEn:
      "The number of inspectors in an agency must not exceed 0.7 percent of its total staff (permanent, contractual and fixed-term). Headquarters must have at least 2 inspectors, and at least one inspector is appointed for each unit outside headquarters.",
  },
  {
    key: "article91-security",
    questionFa: "وظیفه دفاتر حراست در ارتباط با ماده ۹۱ قانون مدیریت خدمات کشوری چیست؟",
    answerFa: "دفاتر حراست و سایر مراجع ذی‌ربط دستگاه، در حدود وظایف محوله، همکاری لازم را با بازرسان ماده ۹۱ خواهند داشت.",
    questionEn: "What is the duty of security (Herasat) offices regarding Article 91 of the Civil Service Management Act?",
    answerEn: "Security offices and the agency's other relevant units must, within their assigned duties, give the Article 91 inspectors the cooperation they need.",
  },
  {
    key: "tasma-objection",
    questionFa: "دستگاه اجرایی چگونه می‌تواند به نتیجه ارزیابی عملکرد خود در سامانه تسما اعتراض کند؟",
    answerFa:
      "پس از آنکه دستگاه‌های اجرایی مستندات خود را در سامانه مدیریت عملکرد (تسما) ثبت کردند و ارزیابان آن‌ها را بررسی کردند، گزینه ثبت اعتراض در سامانه تسما فعال می‌شود و دستگاه‌ها می‌توانند اعتراض خود را در همین سامانه ثبت و پیگیری کنند.",
    questionEn: "How can an executive agency object to its performance evaluation in the TASMA system?",
    answerEn:
      "Once agencies have entered their supporting documents in the performance management system (TASMA) and the evaluators have reviewed them, the objection option is enabled in TASMA, and agencies can file and follow up their objections there.",
  },
];

/** Every seeded entry with its sort order: citizens' from 0, civil servants' from STAFF_FAQ_SORT_FROM. */
export const faqs: (FaqSeed & { sortOrder: number })[] = [
  ...citizenFaqs.map((f, i) => ({ ...f, sortOrder: i })),
  ...staffFaqs.map((f, i) => ({ ...f, sortOrder: STAFF_FAQ_SORT_FROM + i })),
];
