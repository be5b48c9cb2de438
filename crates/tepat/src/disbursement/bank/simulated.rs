//! A simulated bank for the demo, the tests and the benchmarks: it reads a `pain.001`
//! file as a bank would and answers with a `pain.002` status report, settling every
//! payment except those it is told to reject.

use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::pain002::Unreadable;

/// (end-to-end id, amount as written) of every payment in a `pain.001` file, and its
/// message id.
pub fn payments_of<R: BufRead>(input: R) -> Result<(String, Vec<(String, String)>), Unreadable> {
    let mut reader = Reader::from_reader(input);
    reader.config_mut().trim_text(true);
    let (mut buf, mut path) = (Vec::new(), Vec::<String>::new());
    let (mut message_id, mut payments) = (String::new(), Vec::new());
    let mut current = (String::new(), String::new());
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| Unreadable::Malformed(e.to_string()))?
        {
            Event::DocType(_) => return Err(Unreadable::DocumentType),
            Event::Start(start) => path.push(start.local_name().as_ref().to_owned()),
            Event::Text(text) => {
                let text = text.xml10_content().into_owned();
                match path.last().map(String::as_str) {
                    Some("MsgId") if path.iter().any(|p| p == "GrpHdr") => message_id = text,
                    Some("EndToEndId") => current.0 = text,
                    Some("InstdAmt") => current.1 = text,
                    _ => {}
                }
            }
            Event::End(_) => {
                let closed = path.pop();
                if closed.as_deref() == Some("CdtTrfTxInf") {
                    payments.push(std::mem::take(&mut current));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok((message_id, payments))
}

/// The bank's answer to a `pain.001` file in `version` (`pain.002.001.03` or `.12`):
/// `reject` gives the reason code of a payment (by its index and end-to-end id) the bank
/// rejects, `None` for one it settles.
pub fn answer<R: BufRead>(
    pain001: R,
    version: &str,
    message_id: &str,
    reject: impl Fn(usize, &str) -> Option<&'static str>,
) -> Result<String, Unreadable> {
    let (original, payments) = payments_of(pain001)?;
    let mut out = String::with_capacity(200 + payments.len() * 260);
    out.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:{version}\"><CstmrPmtStsRpt>\n\
         <GrpHdr><MsgId>{message_id}</MsgId><CreDtTm>2027-01-06T08:00:00</CreDtTm></GrpHdr>\n\
         <OrgnlGrpInfAndSts><OrgnlMsgId>{original}</OrgnlMsgId>\
         <OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId></OrgnlGrpInfAndSts>\n\
         <OrgnlPmtInfAndSts><OrgnlPmtInfId>{original}</OrgnlPmtInfId>\n"
    ));
    for (index, (id, amount)) in payments.iter().enumerate() {
        let status = match reject(index, id) {
            Some(code) => {
                format!("<TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>{code}</Cd></Rsn></StsRsnInf>")
            }
            None => "<TxSts>ACSC</TxSts>".to_owned(),
        };
        out.push_str(&format!(
            "<TxInfAndSts><OrgnlEndToEndId>{id}</OrgnlEndToEndId>{status}\
             <OrgnlTxRef><Amt><InstdAmt Ccy=\"IDR\">{amount}</InstdAmt></Amt></OrgnlTxRef>\
             </TxInfAndSts>\n"
        ));
    }
    out.push_str("</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>\n");
    Ok(out)
}
