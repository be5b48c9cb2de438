use super::*;

#[test]
fn sizes_read_as_people_write_them() {
    assert_eq!(human_size(150 * 1024 * 1024), "150 MB");
    assert_eq!(human_size(64 * 1024), "64 KB");
    assert_eq!(human_size(1000), "1000 byte");
}

#[test]
fn declared_length_over_the_limit_is_refused() {
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_LENGTH, "209715200".parse().expect("value"));
    assert!(matches!(
        check_length(&headers, 150 * 1024 * 1024),
        Err(AppError::PayloadTooLarge(_))
    ));
    headers.insert(header::CONTENT_LENGTH, "1024".parse().expect("value"));
    assert!(check_length(&headers, 150 * 1024 * 1024).is_ok());
}
