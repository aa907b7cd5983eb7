// Resource route: the body's call-off template (Abrufvorlage) as an XLSX download.
import { type LoaderFunctionArgs } from "@remix-run/node";

import { callOffTemplateResponse } from "~/modules/calloffs/index.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  callOffTemplateResponse(request, params.tenderId);
