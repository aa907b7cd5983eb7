// The call-off shapes the browser shares with the server.

/** Per framework lot: the maximum (Höchstmenge), what is called off, and per body. */
export type LotCallOffStatus = {
  lotId: string;
  number: number;
  title: string;
  maxQuantity: number;
  bundledQuantity: number;
  reserveBp: number;
  calledOff: number;
  bodies: { bodyId: string; name: string; calledOff: number }[];
};
