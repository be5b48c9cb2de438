use super::*;

fn report(version: &str, lines: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:{version}\"><CstmrPmtStsRpt>\
         <GrpHdr><MsgId>BRI-STS-1</MsgId><CreDtTm>2027-01-06T08:00:00</CreDtTm></GrpHdr>\
         <OrgnlGrpInfAndSts><OrgnlMsgId>TEPAT-3-BRINIDJA</OrgnlMsgId>\
         <OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId></OrgnlGrpInfAndSts>\
         <OrgnlPmtInfAndSts><OrgnlPmtInfId>TEPAT-3-BRINIDJA</OrgnlPmtInfId>{lines}\
         </OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>"
    )
}

const LINES: &str = "<TxInfAndSts><OrgnlEndToEndId>41</OrgnlEndToEndId><TxSts>ACSC</TxSts>\
    <OrgnlTxRef><Amt><InstdAmt Ccy=\"IDR\">750000</InstdAmt></Amt></OrgnlTxRef></TxInfAndSts>\
    <TxInfAndSts><OrgnlEndToEndId>42</OrgnlEndToEndId><TxSts>RJCT</TxSts>\
    <StsRsnInf><Rsn><Cd>AC04</Cd></Rsn><AddtlInf>Rekening &amp; ditutup</AddtlInf></StsRsnInf>\
    </TxInfAndSts>";

#[test]
fn both_versions_read_the_same() {
    for version in [V03, V12] {
        let read = read(report(version, LINES).as_bytes()).expect("readable");
        assert_eq!(read.version, version);
        assert_eq!(read.message_id, "BRI-STS-1");
        assert_eq!(read.original_message_id, "TEPAT-3-BRINIDJA");
        assert_eq!(read.lines.len(), 2);
        assert_eq!(read.lines[0].end_to_end_id, "41");
        assert_eq!(read.lines[0].status, "ACSC");
        assert_eq!(read.lines[0].amount.as_deref(), Some("750000"));
        assert_eq!(read.lines[1].status, "RJCT");
        assert_eq!(read.lines[1].reason.as_deref(), Some("AC04"));
    }
}

#[test]
fn a_document_type_is_refused_before_any_entity_is_expanded() {
    let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">\
        <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\
        <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\">&lol2;</Document>";
    assert_eq!(read(laughs.as_bytes()), Err(Unreadable::DocumentType));
    let external = "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\
        <Document>&x;</Document>";
    assert_eq!(read(external.as_bytes()), Err(Unreadable::DocumentType));
}

#[test]
fn an_undeclared_entity_is_refused() {
    let text = report(V03, LINES).replace("&amp;", "&x;");
    assert_eq!(
        read(text.as_bytes()),
        Err(Unreadable::Entity("x".to_owned()))
    );
}

#[test]
fn truncated_malformed_and_foreign_files_are_refused() {
    let whole = report(V12, LINES);
    let cut = &whole[..whole.rfind("</OrgnlPmtInfAndSts>").unwrap()];
    assert_eq!(read(cut.as_bytes()), Err(Unreadable::Truncated));
    assert!(matches!(
        read(whole.replace("</TxSts>", "</Sts>").as_bytes()),
        Err(Unreadable::Malformed(_))
    ));
    let pain001 = whole.replace("pain.002.001.12", "pain.001.001.09");
    assert_eq!(read(pain001.as_bytes()), Err(Unreadable::NotAStatusReport));
    let no_original = whole.replace("<OrgnlMsgId>TEPAT-3-BRINIDJA</OrgnlMsgId>", "");
    assert_eq!(
        read(no_original.as_bytes()),
        Err(Unreadable::Missing("OrgnlGrpInfAndSts/OrgnlMsgId"))
    );
}
