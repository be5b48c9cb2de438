//! The `pain.001.001.09` customer credit-transfer file of one payroll and bank, written
//! as a stream: the group header's count and control sum come from the rows (summed by
//! the database first), then each payment is written as it is read, so memory does not
//! grow with the payroll. The same payroll and bank always give the same bytes.

use std::io::{self, Write};

use quick_xml::escape::escape;

pub const NAMESPACE: &str = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";

/// What the file says once, above its payments.
#[derive(Debug, Clone)]
pub struct Header {
    pub message_id: String,
    /// ISO date-time: when the payroll was approved.
    pub created_at: String,
    /// ISO date: when the bank is asked to pay.
    pub execution_date: String,
    pub count: i64,
    /// Rupiah.
    pub total: i64,
    /// Who pays: the programme's cycle.
    pub debtor_name: String,
    /// The debtor's account at the bank (its settlement account for the programme).
    pub debtor_account: String,
    pub bic: String,
    /// Remittance text, before each payment's end-to-end id (`PKH 2027 tahap 1 hak`).
    pub remittance: String,
}

/// One payment: end-to-end id = the entitlement (a payroll) or the settlement line (a
/// merchants' settlement).
#[derive(Debug, Clone)]
pub struct Line {
    pub end_to_end_id: i64,
    pub amount: i64,
    pub account_number: String,
    pub holder_name: String,
}

/// Text cut to at most `max` characters, escaped for XML.
fn text(value: &str, max: usize) -> String {
    let cut: String = value.chars().take(max).collect();
    escape(cut.as_str()).into_owned()
}

pub fn write_head<W: Write>(out: &mut W, h: &Header) -> io::Result<()> {
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <Document xmlns=\"{NAMESPACE}\">\n<CstmrCdtTrfInitn>\n\
         <GrpHdr><MsgId>{msg}</MsgId><CreDtTm>{created}</CreDtTm><NbOfTxs>{count}</NbOfTxs>\
         <CtrlSum>{total}</CtrlSum><InitgPty><Nm>Tepat</Nm></InitgPty></GrpHdr>\n\
         <PmtInf><PmtInfId>{msg}</PmtInfId><PmtMtd>TRF</PmtMtd><BtchBookg>false</BtchBookg>\
         <NbOfTxs>{count}</NbOfTxs><CtrlSum>{total}</CtrlSum>\
         <ReqdExctnDt><Dt>{date}</Dt></ReqdExctnDt>\
         <Dbtr><Nm>{debtor}</Nm></Dbtr>\
         <DbtrAcct><Id><Othr><Id>{account}</Id></Othr></Id><Ccy>IDR</Ccy></DbtrAcct>\
         <DbtrAgt><FinInstnId><BICFI>{bic}</BICFI></FinInstnId></DbtrAgt>\
         <ChrgBr>SLEV</ChrgBr>\n",
        msg = text(&h.message_id, 35),
        created = h.created_at,
        count = h.count,
        total = h.total,
        date = h.execution_date,
        debtor = text(&h.debtor_name, 140),
        account = text(&h.debtor_account, 34),
        bic = h.bic,
    )
}

pub fn write_line<W: Write>(out: &mut W, h: &Header, line: &Line) -> io::Result<()> {
    writeln!(
        out,
        "<CdtTrfTxInf><PmtId><EndToEndId>{id}</EndToEndId></PmtId>\
         <Amt><InstdAmt Ccy=\"IDR\">{amount}</InstdAmt></Amt>\
         <CdtrAgt><FinInstnId><BICFI>{bic}</BICFI></FinInstnId></CdtrAgt>\
         <Cdtr><Nm>{name}</Nm></Cdtr>\
         <CdtrAcct><Id><Othr><Id>{account}</Id></Othr></Id></CdtrAcct>\
         <RmtInf><Ustrd>{remittance}</Ustrd></RmtInf></CdtTrfTxInf>",
        id = line.end_to_end_id,
        amount = line.amount,
        bic = h.bic,
        name = text(&line.holder_name, 140),
        account = text(&line.account_number, 34),
        remittance = text(&format!("{} {}", h.remittance, line.end_to_end_id), 140),
    )
}

pub fn write_tail<W: Write>(out: &mut W) -> io::Result<()> {
    out.write_all(b"</PmtInf>\n</CstmrCdtTrfInitn>\n</Document>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Header {
        Header {
            message_id: "TEPAT-3-BRINIDJA".to_owned(),
            created_at: "2027-01-05T03:00:00.000Z".to_owned(),
            execution_date: "2027-01-05".to_owned(),
            count: 2,
            total: 1_350_000,
            debtor_name: "PKH 2027 tahap 1 & <lain>".to_owned(),
            debtor_account: "settlement:BRINIDJA".to_owned(),
            bic: "BRINIDJA".to_owned(),
            remittance: "PKH 2027 tahap 1 hak".to_owned(),
        }
    }

    #[test]
    fn names_and_texts_are_escaped_and_cut_to_their_schema_length() {
        let mut out = Vec::new();
        let h = header();
        write_head(&mut out, &h).unwrap();
        write_line(
            &mut out,
            &h,
            &Line {
                end_to_end_id: 41,
                amount: 750_000,
                account_number: "001201000123".to_owned(),
                holder_name: format!("SITI & {}", "A".repeat(200)),
            },
        )
        .unwrap();
        write_tail(&mut out).unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert!(xml.contains("<Dbtr><Nm>PKH 2027 tahap 1 &amp; &lt;lain&gt;</Nm>"));
        assert!(xml.contains("<EndToEndId>41</EndToEndId>"));
        assert!(xml.contains("<InstdAmt Ccy=\"IDR\">750000</InstdAmt>"));
        let name = xml
            .split("<Cdtr><Nm>")
            .nth(1)
            .unwrap()
            .split("</Nm>")
            .next()
            .unwrap();
        assert_eq!(name.replace("&amp;", "&").chars().count(), 140);
        assert!(xml.ends_with("</Document>\n"));
    }
}
