// The council module's door: the council paper (Beschlussvorlage) of a body, before the tender
// as an estimate and after the award with its real share (decision 019).
export { roundCouncilPaper, tenderCouncilPaper } from "./council.server";
export { DOCX_TYPE, PAPER_SECTIONS } from "./council-paper.server";
