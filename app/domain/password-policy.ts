// Password rules after NIST SP 800-63B (5.1.1.2) and BSI IT-Grundschutz ORP.4: length over
// composition. At least 12 characters, any characters (spaces too), no rules about digits or
// symbols, no expiry — but not a password from the lists attackers try first, not a trivial
// pattern, and not the person's name or email address. The form (in the browser and in the
// action) and the user model both ask this one function.

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export const passwordMessages = {
  tooShort: `Das Passwort muss mindestens ${PASSWORD_MIN_LENGTH} Zeichen lang sein.`,
  tooLong: `Das Passwort darf höchstens ${PASSWORD_MAX_LENGTH} Zeichen lang sein.`,
  common:
    "Dieses Passwort ist zu leicht zu erraten: Es steht in Listen häufig benutzter Passwörter " +
    "oder folgt einem einfachen Muster. Bitte wählen Sie ein anderes, z. B. einen Satz aus " +
    "mehreren Wörtern.",
  personal: "Das Passwort darf weder den Namen noch die E-Mail-Adresse der Person enthalten.",
  hint:
    `Mindestens ${PASSWORD_MIN_LENGTH} Zeichen, gern ein Satz aus mehreren Wörtern. ` +
    "Sonderzeichen sind nicht nötig; häufige Passwörter, Name und E-Mail-Adresse sind nicht erlaubt.",
} as const;

/**
 * The most used passwords and their stems (international lists and the yearly German lists of
 * the HPI Identity Leak Checker), and the words of this service. Compared after lower-casing,
 * removing spaces and punctuation, undoing common character swaps (p@ssw0rt) and cutting digits
 * and symbols at either end — so "Passwort2026!" counts as "passwort".
 */
const COMMON = new Set(
  (
    "password passwort passwd kennwort geheim geheimnis secret letmein welcome willkommen " +
    "hallo hello hallihallo servus moin login admin administrator root master test tester " +
    "qwerty qwertz azerty asdf asdfgh yxcvbnm zxcvbnm iloveyou ichliebedich liebe love " +
    "schatz schatzi hase mausi baby sonne sunshine princess prinzessin dragon monkey shadow " +
    "football fussball soccer baseball basketball schalke bayern borussia dortmund werder " +
    "hamburg berlin muenchen munchen koeln deutschland germany europa superman batman " +
    "pokemon starwars michael thomas andreas stefan daniel christian alexander nicole " +
    "jennifer jessica sabine julia anna lisa killer ficken fuckyou trustno1 whatever " +
    "freedom summer sommer winter fruehling fruhling herbst januar februar maerz april mai " +
    "juni juli august september oktober november dezember montag dienstag mittwoch " +
    "donnerstag freitag samstag sonntag computer internet google microsoft windows apple " +
    "samsung changeme default zugang benutzer nutzer startpasswort initial neuespasswort " +
    "meinpasswort passwortpasswort buendelkauf bundelkauf bündelkauf bundelkaufen " +
    "vergabe vergabestelle beschaffung einkauf kaemmerei kämmerei rathaus gemeinde stadt " +
    "landkreis verwaltung kommune buergermeister bürgermeister"
  ).split(" "),
);

/** Runs that are no secret: alphabet, digits, keyboard rows (German and English). */
const SEQUENCES = [
  "abcdefghijklmnopqrstuvwxyz",
  "1234567890",
  "qwertzuiopüasdfghjklöäyxcvbnm",
  "qwertyuiopasdfghjklzxcvbnm",
  "qaywsxedcrfvtgbzhnujmikolp",
];

const LEET: Record<string, string> = {
  "@": "a",
  "4": "a",
  "3": "e",
  "1": "i",
  "!": "i",
  "0": "o",
  $: "s",
  "5": "s",
  "7": "t",
};

const compact = (text: string) =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");

function isSequence(text: string): boolean {
  if (text.length < 3) return false;
  return SEQUENCES.some((s) => {
    const twice = s + s;
    const reversed = [...twice].reverse().join("");
    return twice.includes(text) || reversed.includes(text);
  });
}

/** "abab…", "hallohallo", "aaaa": a short or common piece repeated. */
function isRepetition(text: string): boolean {
  for (let size = 1; size <= text.length / 2; size++) {
    if (text.length % size !== 0) continue;
    const unit = text.slice(0, size);
    if (unit.repeat(text.length / size) !== text) continue;
    if (size <= 4 || COMMON.has(unit) || isSequence(unit)) return true;
  }
  return false;
}

function isGuessable(password: string): boolean {
  const lower = password.normalize("NFKC").toLowerCase();
  const stem = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
  const candidates = new Set([
    compact(lower),
    compact(stem),
    compact([...stem].map((c) => LEET[c] ?? c).join("")),
  ]);
  for (const candidate of candidates) {
    if (candidate === "") continue;
    if (COMMON.has(candidate) || isSequence(candidate) || isRepetition(candidate)) return true;
  }
  return false;
}

/** The parts of a name and an email address nobody may build a password from (4+ letters). */
function personalWords({ email, name }: { email?: string; name?: string }): string[] {
  const local = (email ?? "").split("@")[0] ?? "";
  const words = [local, ...local.split(/[._+-]+/), name ?? "", ...(name ?? "").split(/\s+/)];
  return [...new Set(words.map(compact).filter((w) => w.length >= 4))];
}

/**
 * The German message that says what is wrong with a new password, or null when it is fine.
 * `email` and `name` are the account's; without them only the general rules apply.
 */
export function passwordProblem(
  password: string,
  person: { email?: string; name?: string } = {},
): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return passwordMessages.tooShort;
  if (length > PASSWORD_MAX_LENGTH) return passwordMessages.tooLong;
  if (isGuessable(password)) return passwordMessages.common;
  const text = compact(password);
  if (personalWords(person).some((word) => text.includes(word))) return passwordMessages.personal;
  return null;
}
