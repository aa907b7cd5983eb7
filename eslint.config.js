// ESLint flat config. The server boundary (STYLE.md) is enforced here: the classic Remix
// compiler turns a `.server` import in browser code into an empty module, so a slip would be a
// runtime error; these rules make it a lint error instead.
import js from "@eslint/js";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const serverOnly = [
  "drizzle-orm",
  "drizzle-orm/*",
  "postgres",
  "exceljs",
  "docx",
  "@electric-sql/pglite",
  "@electric-sql/pglite/*",
  "node:*",
  "#db/*",
  "@node-rs/argon2",
];

const noFeature = {
  group: ["~/modules/*", "~/routes/*"],
  message: "app/kit kennt kein Fachmodul.",
};
const noDatabase = {
  group: ["#db/client", "#db/schema", "drizzle-orm", "drizzle-orm/*"],
  message: "Nur die Server-Dateien eines Moduls sprechen mit der Datenbank.",
};
const browserOnly = [
  { group: serverOnly, message: "Browser-Code: keine Server-Bibliotheken." },
  { group: ["*.server"], message: "Browser-Code: keine .server-Module." },
];
const otherModuleInside = {
  group: ["~/modules/*/*.server", "!~/modules/*/index.server"],
  message: "Ein anderes Modul nur über seine Tür (index.server.ts).",
};
const otherModuleAnywhere = {
  group: ["**/modules/*/*.server", "!**/modules/*/index.server"],
  message: "Ein Modul nur über seine Tür (index.server.ts).",
};
const outOfModule = {
  group: ["../*"],
  message: "Aus einem Modul hinaus nur über ~/ (Tür, Kit, Domäne).",
};
const noRoutes = { group: ["~/routes/*"], message: "Module kennen keine Routen." };

function importBlocks(blocks) {
  return blocks.map(({ files, ignores, patterns }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: { "no-restricted-imports": ["error", { patterns }] },
  }));
}

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "public/build/**",
      "data/**",
      "node_modules/**",
      "bench/results/**",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { react, "react-hooks": reactHooks },
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    settings: { react: { version: "18" } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      ...reactHooks.configs.recommended.rules,
      "react/prop-types": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // One reader of request bodies (decision 013): each of these reads the whole body, however
    // large. Forms go through readForm, uploads through readUploadedFile.
    files: ["app/**/*.{ts,tsx}", "server.ts"],
    ignores: ["app/kit/http/request-body.server.ts", "app/kit/http/upload.server.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.property.name=/^(formData|text|json|arrayBuffer|blob)$/][callee.object.name=/^(request|req)$/i]",
          message: "Den Rumpf nur über readForm (app/kit/http/request-body.server.ts) lesen.",
        },
        {
          selector:
            "CallExpression[callee.property.name=/^(formData|text|json|arrayBuffer|blob)$/][callee.object.callee.property.name='clone']",
          message: "Den Rumpf nur über readForm (app/kit/http/request-body.server.ts) lesen.",
        },
        {
          selector: "MemberExpression[object.name=/^(request|req)$/i][property.name='body']",
          message: "Den Rumpf nur über readForm (app/kit/http/request-body.server.ts) lesen.",
        },
      ],
    },
  },
  {
    // Pure domain: no I/O, no database, no server modules.
    files: ["app/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [...serverOnly, "~/modules/*", "~/kit/*", "*.server"] },
      ],
      "no-restricted-globals": [
        "error",
        { name: "process", message: "app/domain ist rein: keine Umgebung." },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: "Zufall wird hineingereicht.",
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "Die Zeit wird hineingereicht.",
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "Die Zeit wird hineingereicht.",
        },
      ],
    },
  },
  // The house (docs/architecture.md). Flat config lets the last block that sets a rule win, so
  // each file falls in exactly one of these blocks and gets the whole list of what it may not
  // import: a module reaches another only through its door (index.server.ts) or its browser
  // parts (forms, components); the kit knows no feature; only module server files touch the
  // database; browser code never reaches the server.
  ...importBlocks([
    {
      files: ["app/kit/**/*.{ts,tsx}"],
      ignores: ["app/kit/**/*.server.ts"],
      patterns: [...browserOnly, noFeature],
    },
    {
      files: ["app/kit/**/*.server.ts"],
      ignores: ["app/kit/http/database-errors.server.ts"],
      patterns: [noFeature, noDatabase],
    },
    // maps the driver's error codes (pgErrorCode), touches no data
    { files: ["app/kit/http/database-errors.server.ts"], patterns: [noFeature] },
    {
      files: ["app/modules/**/*.tsx", "app/modules/**/*forms.ts"],
      patterns: [...browserOnly, outOfModule, noRoutes],
    },
    { files: ["app/modules/**/*.server.ts"], patterns: [otherModuleInside, outOfModule, noRoutes] },
    {
      files: ["app/routes/**/*.{ts,tsx}", "app/root.tsx", "app/entry.client.tsx"],
      patterns: [otherModuleInside, noDatabase],
    },
    { files: ["scripts/**/*.ts", "tests/**/*.ts"], patterns: [otherModuleAnywhere] },
  ]),
  {
    // Test helpers named use* (useTestDatabase) are vitest fixtures, not React hooks.
    files: ["tests/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
);
