/**
 * TDS token and data type numbers this decoder reads (MS-TDS 2.2.7 "Token Stream Definition"
 * and 2.2.5.4 "Data Type Definitions"). Responses are read as TDS 7.2 or later (7.4 is what
 * tedious negotiates): 4-byte UserType in COLMETADATA, 8-byte row counts in DONE tokens.
 */

/** Token types (MS-TDS 2.2.7). */
export const Token = {
  ALTMETADATA: 0x88,
  ALTROW: 0xd3,
  COLINFO: 0xa5,
  COLMETADATA: 0x81,
  DONE: 0xfd,
  DONEINPROC: 0xff,
  DONEPROC: 0xfe,
  ENVCHANGE: 0xe3,
  ERROR: 0xaa,
  INFO: 0xab,
  NBCROW: 0xd2,
  ORDER: 0xa9,
  RETURNSTATUS: 0x79,
  RETURNVALUE: 0xac,
  ROW: 0xd1,
  TABNAME: 0xa4,
} as const;

/** DONE / DONEPROC / DONEINPROC status bits (MS-TDS 2.2.7.6). */
export const DoneStatus = {
  MORE: 0x0001,
  ERROR: 0x0002,
  INXACT: 0x0004,
  COUNT: 0x0010,
  ATTN: 0x0020,
  SRVERROR: 0x0100,
} as const;

/** TokenType + Status(2) + CurCmd(2) + DoneRowCount(8, TDS 7.2+). */
export const DONE_TOKEN_BYTES = 13;

/** Data types (MS-TDS 2.2.5.4.1 fixed-length, 2.2.5.4.2 variable-length). */
export const DataType = {
  // Fixed length: no length prefix in a row; NULL only through the NBCROW bitmap.
  INT1: 0x30,
  BIT: 0x32,
  INT2: 0x34,
  INT4: 0x38,
  DATETIM4: 0x3a,
  FLT4: 0x3b,
  MONEY: 0x3c,
  DATETIME: 0x3d,
  FLT8: 0x3e,
  MONEY4: 0x7a,
  INT8: 0x7f,
  // BYTELEN: one length byte, 0 is NULL.
  GUID: 0x24,
  INTN: 0x26,
  BITN: 0x68,
  DECIMALN: 0x6a,
  NUMERICN: 0x6c,
  FLTN: 0x6d,
  MONEYN: 0x6e,
  DATETIMN: 0x6f,
  DATEN: 0x28,
  TIMEN: 0x29,
  DATETIME2N: 0x2a,
  DATETIMEOFFSETN: 0x2b,
  // USHORTLEN: two length bytes, 0xFFFF is NULL; max length 0xFFFF in COLMETADATA means PLP.
  BIGVARBIN: 0xa5,
  BIGVARCHR: 0xa7,
  BIGBINARY: 0xad,
  BIGCHAR: 0xaf,
  NVARCHAR: 0xe7,
  NCHAR: 0xef,
  // Always PLP.
  XML: 0xf1,
  UDT: 0xf0,
  // LONGLEN with a text pointer (MS-TDS 2.2.5.2.3 / 2.2.4.2.1.3).
  TEXT: 0x23,
  IMAGE: 0x22,
  NTEXT: 0x63,
  SSVARIANT: 0x62,
} as const;

/** USHORTLEN max length that announces a PLP value: varchar(max), nvarchar(max), varbinary(max). */
export const PLP_MAX_LENGTH = 0xffff;
/** A NULL in a USHORTLEN value. */
export const USHORT_NULL = 0xffff;
