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
  "@electric-sql/pglite",
  "@electric-sql/pglite/*",
  "node:*",
  "#db/*",
  "@node-rs/argon2",
];

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
    ignores: ["app/kit/http/request-body.server.ts", "app/imports/upload.server.ts"],
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
        { patterns: [...serverOnly, "~/models/*", "~/utils/*", "*.server"] },
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
  {
    // Browser code: components, forms and route modules' client parts never reach the server.
    files: ["app/components/**/*.{ts,tsx}", "app/forms/**/*.ts"],
    ignores: ["**/*.server.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [...serverOnly, "~/models/*", "*.server"] }],
    },
  },
  {
    // Only models touch the database client.
    files: ["app/**/*.{ts,tsx}"],
    ignores: [
      "app/models/**",
      "app/entry.server.tsx",
      // maps the driver's error codes (pgErrorCode), touches no data
      "app/kit/http/database-errors.server.ts",
      "app/domain/**",
      "app/components/**",
      "app/forms/**",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["#db/client", "#db/schema", "drizzle-orm", "drizzle-orm/*"] },
      ],
    },
  },
  {
    // Test helpers named use* (useTestDatabase) are vitest fixtures, not React hooks.
    files: ["tests/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
);
