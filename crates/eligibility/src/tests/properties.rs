use super::compile;
