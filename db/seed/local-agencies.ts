import type { AgencySeed } from "./agencies.ts";
import type { CountySeed, ProvinceSeed } from "./regions.ts";

// The local bodies citizens complain to most. Each is one agency whose units are its local offices, found
// through the place the citizen names: the municipalities (one per county, at its seat), the provincial and
// county governorates, and the provincial water, electricity, gas and social-security offices of national
// agencies. A case filed in a county goes to that county's unit (core/agency-units.ts), so a citizen of
// Tehran who picks «شهرداری» reaches Tehran's municipality, never Isfahan's.

export const localAgencies: AgencySeed[] = [
  {
    code: "municipality",
    fa: "شهرداری",
    en: "Municipality",
    slaDays: 10,
    serviceDesk: { phone: "137", hours: "سامانه ۱۳۷ شبانه‌روزی؛ میز خدمت شنبه تا چهارشنبه ۸ تا ۱۴" },
    topics: [
      { code: "cleaning", fa: "نظافت شهر و جمع‌آوری پسماند", en: "Street cleaning and waste collection" },
      { code: "streets", fa: "معابر، آسفالت و روشنایی", en: "Streets, paving and lighting" },
      { code: "permits", fa: "پروانه ساختمان و تخلفات ساختمانی", en: "Building permits and violations" },
      { code: "parks", fa: "فضای سبز و پارک‌ها", en: "Parks and green spaces" },
      { code: "transit", fa: "حمل‌ونقل شهری و تاکسیرانی", en: "Urban transport and taxis" },
      { code: "fire", fa: "آتش‌نشانی و خدمات ایمنی", en: "Fire brigade and safety services" },
    ],
  },
  {
    code: "governorate",
    fa: "استانداری",
    en: "Provincial Governorate",
    slaDays: 15,
    serviceDesk: { hours: "شنبه تا چهارشنبه ۸ تا ۱۴" },
    topics: [],
  },
  {
    code: "county_governorate",
    fa: "فرمانداری",
    en: "County Governorate",
    slaDays: 15,
    serviceDesk: { hours: "شنبه تا چهارشنبه ۸ تا ۱۴" },
    topics: [],
  },
];

/** Other names people type for an agency, by agency code; searched like its names. */
export const agencyAliases: Record<string, string[]> = {
  municipality: ["شهرداری‌ها", "سازمان شهرداری‌ها و دهیاری‌ها", "شهر داری", "۱۳۷", "شهرداری منطقه", "آتش‌نشانی", "پسماند", "municipality", "city hall"],
  governorate: ["استانداری‌ها", "استاندار", "governor"],
  county_governorate: ["فرمانداری‌ها", "فرماندار", "بخشداری"],
  water: ["آب و فاضلاب", "آبفا", "آب‌فا", "اداره آب", "قطعی آب", "فاضلاب", "۱۲۲"],
  electricity: ["برق", "اداره برق", "توزیع برق", "قطعی برق", "خاموشی", "۱۲۱"],
  gas: ["گاز", "اداره گاز", "شرکت گاز", "۱۹۴"],
  tamin: ["تامین اجتماعی", "بیمه تامین اجتماعی", "بیمه", "مستمری", "بازنشستگی"],
  civilreg: ["ثبت احوال", "شناسنامه", "کارت ملی"],
  deeds: ["ثبت اسناد", "سند", "دفترخانه"],
  tax: ["مالیات", "دارایی", "اداره دارایی"],
  health: ["بهداشت", "بیمارستان", "درمان"],
  education: ["آموزش و پرورش", "مدرسه", "اداره آموزش و پرورش"],
  roads: ["راه و شهرسازی", "مسکن"],
  welfare: ["بهزیستی"],
  emdad: ["کمیته امداد", "امداد"],
  post: ["پست", "اداره پست"],
  ict: ["مخابرات", "اینترنت"],
  healthins: ["بیمه سلامت", "دفترچه بیمه"],
};

export interface UnitSeed {
  agencyCode: string;
  provinceCode: string;
  /** The county's name as in regions.ts; absent for a provincial unit. */
  countyFa?: string;
  fa: string;
  en: string;
}

// A county's seat usually has its name; these are the seats that do not (the municipality is the seat's).
const SEATS: Record<string, { fa: string; en: string }> = {
  "KBA/بویراحمد": { fa: "یاسوج", en: "Yasuj" },
  "KBA/کهگیلویه": { fa: "دهدشت", en: "Dehdasht" },
  "KBA/گچساران": { fa: "دوگنبدان", en: "Dogonbadan" },
  "KBA/دنا": { fa: "سی‌سخت", en: "Sisakht" },
  "FAR/لارستان": { fa: "لار", en: "Lar" },
  "FAR/ممسنی": { fa: "نورآباد", en: "Nurabad" },
  "FAR/خرم‌بید": { fa: "صفاشهر", en: "Safashahr" },
  "FAR/پاسارگاد": { fa: "سعادت‌شهر", en: "Saadat Shahr" },
  "FAR/زرین‌دشت": { fa: "حاجی‌آباد", en: "Hajjiabad" },
  "FAR/قیر و کارزین": { fa: "قیر", en: "Qir" },
  "ALB/ساوجبلاغ": { fa: "هشتگرد", en: "Hashtgerd" },
  "ESF/لنجان": { fa: "زرین‌شهر", en: "Zarrin Shahr" },
  "ESF/فریدن": { fa: "داران", en: "Daran" },
  "ESF/برخوار": { fa: "دولت‌آباد", en: "Dowlatabad" },
  "ESF/تیران و کرون": { fa: "تیران", en: "Tiran" },
  "ESF/شاهین‌شهر و میمه": { fa: "شاهین‌شهر", en: "Shahin Shahr" },
  "AZS/چاراویماق": { fa: "قره‌آغاج", en: "Qarah Aghaj" },
  "LOR/دلفان": { fa: "نورآباد", en: "Nurabad" },
  "LOR/سلسله": { fa: "الشتر", en: "Aleshtar" },
  "LOR/چگنی": { fa: "سراب‌دوره", en: "Sarab Dowreh" },
  "MAZ/سوادکوه": { fa: "پل‌سفید", en: "Pol Sefid" },
  "MAZ/سوادکوه شمالی": { fa: "شیرگاه", en: "Shirgah" },
  "GIL/تالش": { fa: "هشتپر", en: "Hashtpar" },
  "GOL/ترکمن": { fa: "بندر ترکمن", en: "Bandar Torkaman" },
  "KSH/ثلاث باباجانی": { fa: "تازه‌آباد", en: "Tazehabad" },
  "KSH/دالاهو": { fa: "کرند غرب", en: "Kerend-e Gharb" },
  "BSH/دشتستان": { fa: "برازجان", en: "Borazjan" },
  "BSH/دشتی": { fa: "خورموج", en: "Khormuj" },
  "BSH/تنگستان": { fa: "اهرم", en: "Ahram" },
  "KHZ/دشت آزادگان": { fa: "سوسنگرد", en: "Susangerd" },
  "KHZ/باوی": { fa: "ملاثانی", en: "Mollasani" },
  "MRK/فراهان": { fa: "فرمهین", en: "Farmahin" },
  "MRK/زرندیه": { fa: "مامونیه", en: "Mamuniyeh" },
  "QAZ/البرز": { fa: "الوند", en: "Alvand" },
  "QOM/جعفرآباد": { fa: "جعفریه", en: "Jafariyeh" },
  "YAZ/خاتم": { fa: "هرات", en: "Harat" },
  "HRM/بشاگرد": { fa: "سردشت", en: "Sardasht" },
  "HRM/رودان": { fa: "دهبارز", en: "Dehbarez" },
};

const seatOf = (p: ProvinceSeed, c: CountySeed) => SEATS[`${p.code}/${c.fa}`] ?? c;

// Provincial offices of national agencies (and the governorate): "<office> استان <province>".
const PROVINCIAL: { agencyCode: string; fa: string; en: string }[] = [
  { agencyCode: "governorate", fa: "استانداری", en: "Governorate of" },
  { agencyCode: "water", fa: "شرکت آب و فاضلاب استان", en: "Water and Wastewater Company of" },
  { agencyCode: "electricity", fa: "شرکت توزیع نیروی برق استان", en: "Electricity Distribution Company of" },
  { agencyCode: "gas", fa: "شرکت گاز استان", en: "Gas Company of" },
  { agencyCode: "tamin", fa: "اداره کل تأمین اجتماعی استان", en: "Social Security Directorate of" },
];

/** Every seeded unit: provincial offices in each province, a municipality and a county governorate in each county. */
export function unitSeeds(provinces: ProvinceSeed[]): UnitSeed[] {
  return provinces.flatMap((p) => [
    ...PROVINCIAL.map((o) => ({ agencyCode: o.agencyCode, provinceCode: p.code, fa: `${o.fa} ${p.fa}`, en: `${o.en} ${p.en}` })),
    ...p.counties.flatMap((c) => [
      { agencyCode: "municipality", provinceCode: p.code, countyFa: c.fa, fa: `شهرداری ${seatOf(p, c).fa}`, en: `${seatOf(p, c).en} Municipality` },
      { agencyCode: "county_governorate", provinceCode: p.code, countyFa: c.fa, fa: `فرمانداری ${c.fa}`, en: `${c.en} County Governorate` },
    ]),
  ]);
}
