import { type SerializeFrom } from "@remix-run/node";

import { type loader } from "./route";

/** What the page's parts get of the loader's data. */
export type SplitPageData = SerializeFrom<typeof loader>;
export type Row = SplitPageData["bodies"][number];
export type Lot = SplitPageData["lots"][number];
